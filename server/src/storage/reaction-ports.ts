/** Reactions on room messages: one row per (message, person, emoji), so setting one twice is harmless. */
export interface ReactionKey {
  roomId: string;
  messageId: string;
  userId: string;
  emoji: string;
}

export interface ReactionTally {
  emoji: string;
  count: number;
  /** The viewer is among those who chose it. */
  mine: boolean;
}

export interface ReactionStore {
  /** Idempotent: adding a reaction already there, or removing one that is not, changes nothing. */
  set(key: ReactionKey, on: boolean, at: Date): Promise<void>;
  /** The tallies of each listed message that has any, in the order emoji were first used there. */
  tallies(messageIds: string[], viewerId: string): Promise<Map<string, ReactionTally[]>>;
}
