/**
 * Presence is derived from live sockets, never stored: fetchSockets asks every node (through the
 * adapter), so the answer is right however many nodes there are and whatever crashed. While the
 * adapter cannot reach the other nodes, presence is this node's sockets only; a slower but right
 * answer resumes when fan-out does.
 */
import type { PresentUser } from "../../../shared/dto";
import type { Logger } from "../logger";
import { roomChannel, userChannel, type HavenServer } from "./types";

export interface PresenceDeps {
  io: HavenServer;
  logger: Logger;
  fanoutHealthy: () => boolean;
}

export async function fetchIn({ io, logger, fanoutHealthy }: PresenceDeps, channel: string) {
  if (!fanoutHealthy()) return io.local.in(channel).fetchSockets();
  try {
    return await io.in(channel).fetchSockets();
  } catch (err) {
    // A node that does not answer in time (or a Redis that just went away) must not fail a join.
    logger.warn({ err: (err as Error).message }, "cluster-wide presence unavailable; using this node's sockets");
    return io.local.in(channel).fetchSockets();
  }
}

/** Every socket of a user, on every node (or this node's while fan-out is down). */
export const fetchUserSockets = (deps: PresenceDeps, userId: string) => fetchIn(deps, userChannel(userId));

/** The sockets that count as present: watching moderators are in the room but not in presence. */
async function socketsIn(deps: PresenceDeps, roomId: string) {
  return (await fetchIn(deps, roomChannel(roomId))).filter((s) => !s.data.watching?.includes(roomId));
}

export async function presentUsers(deps: PresenceDeps, roomId: string): Promise<PresentUser[]> {
  const byUser = new Map<string, PresentUser>();
  for (const s of await socketsIn(deps, roomId)) {
    byUser.set(s.data.userId, { id: s.data.userId, displayName: s.data.displayName, role: s.data.role });
  }
  return [...byUser.values()];
}

export async function isPresent(deps: PresenceDeps, roomId: string, userId: string): Promise<boolean> {
  return (await socketsIn(deps, roomId)).some((s) => s.data.userId === userId);
}
