/** Messages in rooms and conversations, with their per-place seq. Part of the store's ports (ports.ts). */

export interface MessageRecord {
  id: string;
  roomId: string;
  seq: number;
  authorId: string;
  authorName: string;
  body: string;
  clientMsgId: string;
  createdAt: Date;
  /** Set when a moderator deleted the message; its body is then erased (""). */
  deletedAt: Date | null;
  /** Stored held for moderator review and not released yet: only its author may see it. */
  held: boolean;
  /** When its author last edited it; absent or null if never. */
  editedAt?: Date | null;
}

export interface NewMessage {
  id: string;
  roomId: string;
  authorId: string;
  authorName: string;
  body: string;
  clientMsgId: string;
  createdAt: Date;
  /** Store it held for review (decided before the append, so no reader ever sees it unheld). */
  held?: boolean;
}

export interface AppendResult {
  message: MessageRecord;
  /** False when a message with the same (roomId, clientMsgId) already existed and was returned instead. */
  created: boolean;
}

export interface HistoryQuery {
  /** Only messages with seq < before. */
  before?: number;
  /** Only messages with seq > after. */
  after?: number;
  limit: number;
}

export interface MessageStore {
  /**
   * Stores a message with the next sequence number of its room, atomically, or returns the
   * message already stored under the same (roomId, clientMsgId). Sequence numbers start at 1
   * and have no gaps. Once append resolves, history() returns the message.
   */
  append(message: NewMessage): Promise<AppendResult>;
  /** In ascending seq order. With `before` and no `after`, the newest `limit` below `before`. */
  history(roomId: string, query: HistoryQuery): Promise<MessageRecord[]>;
  /** 0 when the room has no messages. */
  lastSeq(roomId: string): Promise<number>;
  findById(roomId: string, messageId: string): Promise<MessageRecord | null>;
  /**
   * Erases the body for good and marks the message deleted; its seq stays, so gap-fill is not
   * disturbed. Idempotent: a second call keeps the first deletedAt. Null for an unknown message.
   */
  erase(roomId: string, messageId: string, at: Date): Promise<MessageRecord | null>;
  /**
   * Ends the hold of a held message. Idempotent: true only for the call that released it, false when
   * it was not held (any more). Null for an unknown message.
   */
  release(roomId: string, messageId: string, at: Date): Promise<{ message: MessageRecord; released: boolean } | null>;
  /**
   * Replaces the body of a message that is not deleted, and stamps editedAt; the old words are
   * gone from storage like an erased body. Null for an unknown or deleted message.
   */
  edit(roomId: string, messageId: string, body: string, at: Date): Promise<MessageRecord | null>;
  /**
   * Another node stored the room's messages up to `seq`: a hint that lets this node's next append
   * start after them instead of clashing. Only stores that allocate seqs optimistically have it.
   */
  seenElsewhere?(roomId: string, seq: number): void;
}
