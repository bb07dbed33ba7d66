/** Crisis flags, on-call deliveries and lexicon versions. Part of the store's ports (ports.ts). */
import type { Severity } from "../../../shared/dto";
import type { FlagHandoverStore } from "./handover-ports";
import type { FlagHistoryStore } from "./history-ports";
import type { FlagLane, FlagLaneFields, FlagReviewStore } from "./review-ports";

export type FlagStatus = "open" | "claimed" | "resolved";
export type FlagPlace = { kind: "room" | "conversation"; id: string };

/** A message as it was when a flag froze it; if it is deleted later, its body is erased here too. */
export interface ContextMessage {
  id: string;
  seq: number;
  authorId: string;
  authorName: string;
  /** "" once the message was deleted: deleted means gone, from flags too. */
  body: string;
  createdAt: Date;
  /** When and by whom the message was deleted; what stays of it in the flag. */
  erasedAt?: Date | null;
  erasedBy?: string | null;
}

export interface FlagRecord extends FlagLaneFields {
  id: string;
  place: FlagPlace;
  authorId: string;
  /** The message that raised the flag, and the latest one of a burst. */
  messageId: string;
  messageSeq: number;
  severity: Severity;
  categories: string[];
  terms: string[];
  /** Hits merged into this flag (a burst from one author in one place). */
  hits: number;
  context: ContextMessage[];
  status: FlagStatus;
  createdAt: Date;
  lastHitAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  outcome: string | null;
  notes: string | null;
  /** Messages of this flag that were stored held for review; whether each still is, the message store says. */
  heldMessageIds: string[];
  /** The lexicon entries whose matches made this flag, over all its hits; [] for flags stored before they were kept. */
  entryIds: string[];
}

export interface FlagHit {
  messageId: string;
  messageSeq: number;
  severity: FlagRecord["severity"];
  categories: string[];
  terms: string[];
  context: ContextMessage[];
  at: Date;
  /** The message was stored held for review. */
  held: boolean;
  /** The lexicon entries that matched; none when absent. */
  entryIds?: string[];
}

export interface FlagStore extends FlagReviewStore, FlagHandoverStore, FlagHistoryStore {
  create(flag: FlagRecord): Promise<FlagRecord>;
  findById(id: string): Promise<FlagRecord | null>;
  /** The author's newest unresolved flag in the `page` lane in the place with a hit at or after `since`. */
  findActive(place: FlagPlace, authorId: string, since: Date): Promise<FlagRecord | null>;
  /**
   * Merges a hit: keeps the higher severity, adds categories and terms (no duplicates), appends
   * context messages not already held, counts the hit, moves lastHitAt and the message reference.
   */
  recordHit(id: string, hit: FlagHit): Promise<FlagRecord | null>;
  /** Open to claimed for exactly one caller; null for everyone else (already claimed or resolved, or not in the `page` lane). */
  claim(id: string, by: string, at: Date): Promise<FlagRecord | null>;
  /** Open or claimed to resolved; null when unknown, already resolved, or not in the `page` lane. */
  resolve(id: string, by: string, at: Date, outcome: string, notes: string | null): Promise<FlagRecord | null>;
  /** Open and claimed flags of the `page` lane, in no particular order. */
  listUnresolved(): Promise<FlagRecord[]>;
  /**
   * True for exactly one caller per key: who sends the overdue alert, once, whatever the nodes. The
   * key is the flag id (open past its deadline) or the flag's claim (held past it, see flags.ts).
   */
  claimOverdueAlert(id: string, at: Date): Promise<boolean>;
  /**
   * Freezes messages sent after the flagged one into its context. Insert-only and idempotent per
   * (flag, message): the first copy stays, so a later erasure cannot overwrite it. context then
   * holds each seq once, in seq order. Unknown flag ids are ignored.
   */
  addContext(id: string, messages: ContextMessage[]): Promise<void>;
  /** Flags, resolved or not, with a hit at or after `since`; only those of `place` and of `lane` when given. */
  listRecent(since: Date, place?: FlagPlace, lane?: FlagLane): Promise<FlagRecord[]>;
  /**
   * Erases a deleted message from the context of every flag of its place that holds it: the body
   * goes, who deleted it and when are kept. Returns how many flags held it.
   */
  eraseFromContext(place: FlagPlace, messageId: string, by: string, at: Date): Promise<number>;
}

export type OncallOutcome = "retrying" | "delivered" | "gave_up";

/** One attempt to call the on-call webhook. The last attempt of a delivery has outcome delivered or gave_up. */
export interface OncallAttemptRecord {
  id: string;
  deliveryId: string;
  event: string;
  flagId: string;
  attempt: number;
  /** HTTP status, or null when the request failed without a response. */
  status: number | null;
  /** Why no response came; null with a status. */
  error: string | null;
  at: Date;
  outcome: OncallOutcome;
}

/** The on-call delivery log. Append-only. */
export interface OncallDeliveryStore {
  record(attempt: OncallAttemptRecord): Promise<void>;
  /** Newest first (by time, then attempt number). */
  list(q: { flagId?: string; limit: number }): Promise<OncallAttemptRecord[]>;
}

/** One saved state of a deployment's lexicon override; versions count up from 1 and are never changed. */
export interface LexiconVersionRecord {
  version: number;
  /** A lexicon override document (validated by the escalation module before it is saved). */
  override: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
}

export interface LexiconStore {
  latest(): Promise<LexiconVersionRecord | null>;
  /** Throws StoreConflictError when the version exists already: someone else saved first. */
  append(record: LexiconVersionRecord): Promise<void>;
}
