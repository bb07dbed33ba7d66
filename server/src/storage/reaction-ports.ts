/**
 * Reactions on messages: one row per (message, person, emoji), so setting one twice is harmless.
 * A message's reactions go with it: when it is deleted, erased (with its author's account too) or
 * removed by age, every store forgets them in the same breath.
 */
export interface ReactionKey {
  /** The message's place: a room's id, or a private conversation's (they share the message store). */
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

/** A reaction a person gave, for their export. */
export interface ReactionRecord {
  /** The place: a room's or a conversation's id. */
  roomId: string;
  messageId: string;
  emoji: string;
  createdAt: Date;
}
