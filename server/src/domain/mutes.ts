/** Whether a user is muted in a room now, and until when: read by the send check and by join. */
import type { Store } from "../storage/ports";

export interface MuteState {
  /** ISO time the last mute in force ends; null when one lasts until lifted. */
  until: string | null;
}

export async function muteState(store: Store, userId: string, roomId: string, now: Date): Promise<MuteState | null> {
  const mutes = await store.sanctions.active("mute", userId, roomId, now);
  if (mutes.length === 0) return null;
  const until = Math.max(...mutes.map((m) => m.expiresAt?.getTime() ?? Infinity));
  return { until: Number.isFinite(until) ? new Date(until).toISOString() : null };
}
