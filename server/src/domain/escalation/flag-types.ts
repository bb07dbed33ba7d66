/** The flag service's contract: its settings, what a review of a message returns, and its operations. */
import type { CrisisResource, FlagDetail, FlagHistoryPage, FlagOutcome, FlagQueue, FlagSummary, Message, OncallDeliveryAttempt, ReviewItem, ReviewPage, SupportOffer } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { ContextMessage, FlagPlace } from "../../storage/ports";
import type { CueMemorySettings } from "./cue-memory";
import type { Detection } from "./detector";
import type { FlagHistoryFilter } from "./flag-history";

export interface FlagSettings {
  /** Messages before and after the flagged one kept in the snapshot (a bounded window, also for DMs). */
  contextMessages: number;
  /** Store imminent-tier messages in group rooms held for moderator review (CRISIS_HOLD_IMMINENT). */
  holdImminent?: boolean;
  /** Further hits by the same author in the same place within this join the same flag. */
  burstMinutes: number;
  /** Unclaimed longer than this, by tier, a flag is overdue. */
  deadlineSeconds: { imminent: number; high: number; elevated: number };
  resources: CrisisResource[];
  /** Listed and dismissed review items are deleted after this many days (FLAG_REVIEW_RETENTION_DAYS). */
  reviewRetentionDays?: number;
  /** The author's recent messages in a place read with each new one (CRISIS_CONTEXT_MESSAGES, CRISIS_CONTEXT_MINUTES). */
  cueMemory?: CueMemorySettings;
}

export interface Review {
  detection: Detection;
  /** A paging flag: null when nothing paged (nothing was hit, only shadow entries, or the hit was listed). */
  flag: FlagSummary | null;
  created: boolean;
  /** A hit that pages nobody, stored on the review list. */
  listed: ReviewItem | null;
  /** For the author's eyes only: set for the writer's own current risk alone. */
  support: SupportOffer | null;
}

/** A message as the flag service sees it once stored. */
export type StoredMessage = ContextMessage & { held?: boolean };

export interface FlagService {
  /** Scans a message that has just been stored. Throws only if the flag cannot be stored. */
  review(place: FlagPlace, message: StoredMessage): Promise<Review>;
  /** Whether a message about to be stored in this place is to be held for review (decided before the append). */
  holdsForReview(place: FlagPlace, authorId: string, body: string): boolean;
  /**
   * Freezes a just-stored message into the flags whose after-window it falls in. Costs nothing in a
   * place where this node raised no recent flag; the ticker's backFill covers the rest.
   */
  follow(place: FlagPlace, message: ContextMessage): Promise<void>;
  /** Freezes the after-context that other nodes' messages (or a restart) left missing. Returns how many flags gained some. */
  backFill(): Promise<number>;
  /** Called before a moderator erases a room message: freezes it into any flag whose after-window it is in. */
  /** Erases a deleted message from every flag that froze it, keeping who deleted it and when. */
  eraseFromContext(place: FlagPlace, messageId: string, by: string): Promise<number>;
  /** Releases a held message whose flag could not be stored, so that it is not withheld with nobody to review it. */
  releaseUnflagged(place: FlagPlace, messageId: string): Promise<Message | null>;
  /**
   * The on-call delivery log, newest first. Moderators may read it as well as admins: they act on
   * the flags and need to see whether on-call was reached; it holds no message text.
   */
  oncallDeliveries(actor: Actor, q: { flagId?: string; limit?: number }): Promise<OncallDeliveryAttempt[]>;
  /** Releases the flag's held messages: they are to be broadcast to their room now. */
  release(actor: Actor, flagId: string): Promise<{ flag: FlagSummary; messages: Message[] }>;
  /** The detection alone: what review() would flag, without storing anything. */
  scan(body: string): Detection;
  /** A summary to alert with when the flag itself could not be stored; null when nothing was hit. */
  unsavedSummary(place: FlagPlace, message: ContextMessage): FlagSummary | null;
  /** What the author of a flagged message is shown. */
  supportOffer(): SupportOffer;
  queue(actor: Actor): Promise<FlagQueue>;
  get(actor: Actor, flagId: string): Promise<FlagDetail>;
  claim(actor: Actor, flagId: string): Promise<FlagSummary>;
  resolve(actor: Actor, input: { flagId: string; outcome: FlagOutcome; notes?: string }): Promise<FlagSummary>;
  /** Back to the queue: by the claimer, or by any moderator once the claim is past its deadline (audited flag.unclaim). */
  unclaim(actor: Actor, flagId: string): Promise<FlagSummary>;
  /** An open or claimed flag given to a named moderator or admin (audited flag.reassign). */
  reassign(actor: Actor, input: { flagId: string; toUserId: string }): Promise<FlagSummary>;
  /** Resolved flags with outcome and notes, newest resolution first, filtered and a page at a time. */
  history(actor: Actor, q: FlagHistoryFilter): Promise<FlagHistoryPage>;
  /**
   * Open flags past their tier's deadline, and claimed ones past it since their claim, whose alert
   * this caller won: to be re-alerted now, once per flag (open) and once per claim.
   */
  overdue(): Promise<FlagSummary[]>;
  /** The review list, newest first, a page at a time. */
  reviewList(actor: Actor, q: { before?: { createdAt: Date; id: string }; limit?: number }): Promise<ReviewPage>;
  /** A review item into the queue as an open flag (audited flag.promote); alert moderators as for a new flag. */
  promote(actor: Actor, flagId: string): Promise<FlagSummary>;
  /** A review item off the list (audited flag.dismiss). */
  dismiss(actor: Actor, flagId: string): Promise<{ flagId: string }>;
  /** Deletes review items past their retention (at most once per sweep interval). */
  purgeReview(): Promise<number>;
}
