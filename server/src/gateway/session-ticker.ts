/**
 * Closes session rooms at their end. Every node ticks; the store's compare-and-set in markEnded
 * decides which node announces each session, so `session:ended` goes out once however many nodes
 * run and whenever they restart. The tick only announces: sends are refused from endsAt exactly,
 * because the room's state is derived from the stored times.
 */
import type { Logger } from "../logger";
import type { Services } from "../services";
import { StoreUnavailableError } from "../storage/ports";
import { roomChannel, type HavenServer } from "./types";

export interface SessionTicker {
  /** Ends what is due now; resolves with how many sessions this node ended. */
  tick(): Promise<number>;
  stop(): void;
}

export function startSessionTicker(deps: { io: HavenServer; logger: Logger; services: Services; intervalMs: number }): SessionTicker {
  const { io, logger, services } = deps;
  let running: Promise<number> | undefined;

  const tick = (): Promise<number> => {
    // One tick at a time: a slow store must not stack ticks up.
    running ??= (async () => {
      try {
        const ended = await services.sessions.endDue();
        for (const s of ended) io.to(roomChannel(s.roomId)).emit("session:ended", { sessionId: s.id, roomId: s.roomId });
        return ended.length;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    tick().catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) logger.warn("session tick skipped: store unavailable");
      else logger.error({ err }, "session tick failed");
    });
  }, deps.intervalMs);
  timer.unref();

  return { tick, stop: () => clearInterval(timer) };
}
