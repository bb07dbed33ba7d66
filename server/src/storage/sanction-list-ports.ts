/**
 * Reading sanctions back for moderators: what is in force in a room, and everything a person has
 * had. Kept apart from ports.ts, whose SanctionStore answers the send and join checks.
 */
import type { SanctionRecord } from "./ports";

export interface SanctionListStore {
  /** Mutes and bans in force at `now` that apply to the room (its own and every-session bans), newest first. */
  inForceInRoom(roomId: string, now: Date): Promise<SanctionRecord[]>;
  /** Every mute and ban the user has had, lifted and expired included, newest first, at most `limit`. */
  ofUser(userId: string, limit: number): Promise<SanctionRecord[]>;
}
