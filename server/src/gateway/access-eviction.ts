/**
 * Carries a change of access out on live sockets, on every node: a socket that may no longer read a
 * room leaves its channel, so it stops receiving it at once, and the room hears the person go. What
 * may be read is decided by the domain (services.access); this file only asks it and acts.
 *
 * Changes made through this server (bans, removals, invitations, registrations) call recheck at
 * once. Changes made around it (the admin CLI, an edit in the database, a ban's scope changed by
 * another tool) are caught by the periodic sweep of each node's own sockets.
 */
import type { RemoteSocket } from "socket.io";
import type { ServerToClientEvents, SocketData } from "../../../shared/events";
import type { Services } from "../services";
import type { Logger } from "../logger";
import { fetchIn, isPresent, type PresenceDeps } from "./presence";
import { roomChannel, userChannel, type HavenServer } from "./types";

type AnySocket = Pick<RemoteSocket<ServerToClientEvents, SocketData>, "data" | "rooms" | "leave" | "disconnect" | "id">;

export interface AccessEviction {
  /** Re-decides every socket in the room's channel, on every node. */
  recheckRoom(roomId: string): Promise<void>;
  /** Re-decides every room channel the user's sockets are in, on every node. */
  recheckUser(userId: string): Promise<void>;
  /** Re-decides this node's sockets: closes those of deleted or re-roled accounts, evicts the rest where they may no longer read. */
  sweepLocal(): Promise<void>;
  /** Starts the periodic sweep; returns its stop. */
  start(intervalMs: number): () => void;
}

const roomsOf = (s: AnySocket): string[] => [...s.rooms].filter((r) => r.startsWith("room:")).map((r) => r.slice("room:".length));

export function createAccessEviction(deps: PresenceDeps & { io: HavenServer; services: Services; logger: Logger; beforeSweep?: () => void }): AccessEviction {
  const { io, services, logger } = deps;

  /** Decides each (user, room) once for the given sockets; `onlyRoom` limits it to one room. */
  async function decide(sockets: AnySocket[], onlyRoom?: string, closeChanged = false): Promise<void> {
    const byUser = new Map<string, AnySocket[]>();
    for (const s of sockets) byUser.set(s.data.userId, [...(byUser.get(s.data.userId) ?? []), s]);
    for (const [userId, mine] of byUser) {
      const actor = await services.accounts.actorFor(userId);
      // An account that is gone, or whose role changed elsewhere, signs in afresh (as a role change through the API does).
      if (!actor || (closeChanged && mine.some((s) => s.data.role !== actor.role))) {
        for (const s of mine) s.disconnect(true);
        continue;
      }
      const rooms = new Set(mine.flatMap(roomsOf).filter((r) => onlyRoom === undefined || r === onlyRoom));
      for (const roomId of rooms) {
        const access = await services.access.room(actor, roomId).catch(() => null);
        if (access?.read) continue;
        const wasPresent = await isPresent(deps, roomId, userId);
        for (const s of mine) if (s.rooms.has(roomChannel(roomId))) s.leave(roomChannel(roomId));
        if (wasPresent) io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId });
      }
    }
  }

  const recheckRoom = async (roomId: string) => decide(await fetchIn(deps, roomChannel(roomId)), roomId);
  const recheckUser = async (userId: string) => decide(await fetchIn(deps, userChannel(userId)));
  const sweepLocal = async () => {
    // The sweep is for changes made around Haven: nothing remembered may hide them.
    deps.beforeSweep?.();
    await decide(await io.local.fetchSockets(), undefined, true);
  };

  return {
    recheckRoom,
    recheckUser,
    sweepLocal,
    start(intervalMs) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        sweepLocal()
          .catch((err: unknown) => logger.warn({ err: (err as Error).message }, "access sweep failed; next one retries"))
          .finally(() => (running = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
