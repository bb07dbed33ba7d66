/**
 * Follow-through on unclaimed flags: every node checks on each tick; the store decides which node
 * sends each overdue alert, so moderators hear it once and the on-call system is called once.
 */
import type { Logger } from "../logger";
import type { OncallWebhook } from "../notify/oncall-webhook";
import type { Services } from "../services";
import { STAFF_CHANNEL, type HavenServer } from "./types";

export interface FlagTicker {
  /** Alerts what is overdue now; resolves with how many flags this node alerted. */
  tick(): Promise<number>;
  stop(): void;
}

export function startFlagTicker(deps: { io: HavenServer; logger: Logger; services: Services; oncall?: OncallWebhook; intervalMs: number }): FlagTicker {
  const { io, logger, services, oncall } = deps;
  let running: Promise<number> | undefined;

  const tick = (): Promise<number> => {
    running ??= (async () => {
      try {
        // Lexicon changes saved on any node take effect here within one tick.
        if (await services.lexicon.refresh()) logger.info({ lexicon: services.lexicon.detector().version }, "lexicon updated");
        const overdue = await services.flags.overdue();
        for (const flag of overdue) {
          logger.warn({ flagId: flag.id, severity: flag.severity }, "crisis flag unclaimed past its deadline");
          io.to(STAFF_CHANNEL).emit("flag:overdue", flag);
          void oncall?.send({ event: "flag.overdue", flagId: flag.id, severity: flag.severity, categories: flag.categories, place: flag.place, createdAt: flag.createdAt });
        }
        // After-context of flags raised on other nodes, or before a restart.
        await services.flags.backFill().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "flag context back-fill skipped"));
        const purged = await services.flags.purgeReview().catch((err: unknown) => {
          logger.warn({ err: (err as Error).message }, "review list retention sweep skipped");
          return 0;
        });
        if (purged > 0) logger.info({ purged }, "review items past their retention deleted");
        await services.lexiconStats.flushIfDue().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "shadow entry counts kept for the next tick"));
        return overdue.length;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    tick().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "flag deadline check skipped"));
  }, deps.intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
