/** Peer support: assignments, private conversations, availability. Part of the store's ports (ports.ts). */

/** A peer supporter assigned to a member. One active assignment per pair. */
export interface AssignmentRecord {
  id: string;
  memberId: string;
  peerId: string;
  createdBy: string;
  createdAt: Date;
  endedAt: Date | null;
}

export interface AssignmentStore {
  /** Throws StoreConflictError when the pair already has an active assignment. */
  create(a: AssignmentRecord): Promise<AssignmentRecord>;
  findById(id: string): Promise<AssignmentRecord | null>;
  /** Idempotent: keeps the first endedAt. Null for an unknown id. */
  end(id: string, at: Date): Promise<AssignmentRecord | null>;
  /** Active ones where the user is the member or the peer, oldest first. */
  activeFor(userId: string): Promise<AssignmentRecord[]>;
  /** The pair's active assignment, if any. */
  activeForPair(memberId: string, peerId: string): Promise<AssignmentRecord | null>;
}

/**
 * The private conversation of one (member, peer) pair; its messages live in the message store
 * under the conversation's id, so sequence numbers, idempotency and gap-fill are the rooms' own.
 */
export interface ConversationRecord {
  id: string;
  memberId: string;
  peerId: string;
  createdAt: Date;
  /** Set while the pair has no active assignment: both may read, neither may write. */
  readOnlySince: Date | null;
}

export interface ConversationStore {
  /** Returns the pair's conversation, creating it (writable) if there is none. Safe under races. */
  ensure(c: ConversationRecord): Promise<ConversationRecord>;
  findById(id: string): Promise<ConversationRecord | null>;
  findByPair(memberId: string, peerId: string): Promise<ConversationRecord | null>;
  /** Where the user is the member or the peer, oldest first. */
  listFor(userId: string): Promise<ConversationRecord[]>;
  /** Null makes it writable again. Returns the updated record, or null for an unknown id. */
  setReadOnly(id: string, since: Date | null): Promise<ConversationRecord | null>;
  /** Raises the user's read mark to `seq`; never lowers it. Returns the mark now stored. */
  markRead(conversationId: string, userId: string, seq: number): Promise<number>;
  /** Read marks by user id; users who never read are absent. */
  readMarks(conversationId: string): Promise<Record<string, number>>;
}

export type AvailabilityStatus = "available" | "away";

export interface AvailabilityRecord {
  userId: string;
  status: AvailabilityStatus;
  message: string | null;
  updatedAt: Date;
}

export interface AvailabilityStore {
  set(a: AvailabilityRecord): Promise<void>;
  /** Only users who ever set it; others count as available. */
  get(userIds: string[]): Promise<AvailabilityRecord[]>;
}
