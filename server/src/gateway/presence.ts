/**
 * Presence is derived from live sockets, never stored: fetchSockets asks every node (through the
 * adapter), so the answer is right however many nodes there are and whatever crashed.
 */
import type { PresentUser } from "../../../shared/dto";
import { roomChannel, type HavenServer } from "./types";

export async function presentUsers(io: HavenServer, roomId: string): Promise<PresentUser[]> {
  const sockets = await io.in(roomChannel(roomId)).fetchSockets();
  const byUser = new Map<string, PresentUser>();
  for (const s of sockets) {
    byUser.set(s.data.userId, { id: s.data.userId, displayName: s.data.displayName, role: s.data.role });
  }
  return [...byUser.values()];
}

export async function isPresent(io: HavenServer, roomId: string, userId: string, exceptSocketId?: string): Promise<boolean> {
  const sockets = await io.in(roomChannel(roomId)).fetchSockets();
  return sockets.some((s) => s.data.userId === userId && s.id !== exceptSocketId);
}
