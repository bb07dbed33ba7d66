/** Crisis flags, their review and history, as they cross the wire. */
import type { CrisisResource } from "./dto";
import type { ReviewItemReport } from "./dto-member-safety";

/** Crisis tiers, lowest first: the order every comparison of tiers uses. */
export const SEVERITIES = ["elevated", "high", "imminent"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The higher of two tiers. */
export const higherSeverity = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a);

export const FLAG_OUTCOMES = ["safe", "contacted", "escalated_emergency", "referred", "false_positive", "other"] as const;
export type FlagOutcome = (typeof FLAG_OUTCOMES)[number];

/**
 * What the detector made of a hit. `alert`: the writer's own current risk. `concern_other`: someone
 * else is at risk now and the writer asks what to do. `review`: talk about suicide that is neither.
 */
export const FLAG_DISPOSITIONS = ["alert", "concern_other", "review"] as const;
export type FlagDisposition = (typeof FLAG_DISPOSITIONS)[number];

/** Why a hit does not page: the reasons the detector gives (server/src/domain/escalation/detection.ts). */
export const REVIEW_REASONS = ["negated", "past", "hypothetical", "others", "joking", "support", "education", "media", "content_warning", "mention"] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/**
 * Where a flag record stands. `page`: in the paging queue (alerts, someone else at risk under
 * CRISIS_CONCERN_OTHER=page, and promoted items); `list`: on the review list, paging nobody;
 * `dismissed`: taken off the review list by a moderator.
 */
export const FLAG_LANES = ["page", "list", "dismissed"] as const;
export type FlagLane = (typeof FLAG_LANES)[number];

/** What every moderator sees of a flag in the queue: never message text. */
export interface FlagSummary {
  id: string;
  place: { kind: "room" | "conversation"; id: string };
  authorId: string;
  authorName: string;
  severity: Severity;
  categories: string[];
  terms: string[];
  hits: number;
  status: "open" | "claimed" | "resolved";
  createdAt: string;
  lastHitAt: string;
  claimedBy: string | null;
  /** The claimer's display name, so a moderator sees who has it; null while unclaimed. */
  claimedByName: string | null;
  claimedAt: string | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  outcome: string | null;
  /** True while a message of this flag is held from its room for review (see flag:release). */
  held: boolean;
  /** When an open flag becomes overdue: its tier's claim deadline (FLAG_DEADLINE_*) after createdAt (or after its promotion). */
  dueAt: string;
  disposition: FlagDisposition;
  /** Why the detector did not page for it; empty for the writer's own risk. */
  reasons: ReviewReason[];
  lane: FlagLane;
  /** Set when a moderator moved it from the review list to the queue: the detector missed it. */
  promotedBy: string | null;
  promotedByName: string | null;
  promotedAt: string | null;
}

/**
 * An entry of the review list: a hit that pages nobody (talk about suicide that is not the writer's
 * own current risk, or someone else at risk under CRISIS_CONCERN_OTHER=list). No message text
 * beyond the matched words; the context opens with flag:get.
 */
export interface ReviewItem {
  id: string;
  place: { kind: "room" | "conversation"; id: string };
  authorId: string;
  authorName: string;
  disposition: FlagDisposition;
  reasons: ReviewReason[];
  categories: string[];
  terms: string[];
  createdAt: string;
  /** Members' reports (category member_report): reasons and notes, never the reporters. */
  report?: ReviewItemReport;
}

/** Where the next page of the review list starts: the last item of this one. */
export interface ReviewCursor {
  createdAt: string;
  id: string;
}

export interface ReviewPage {
  /** Newest first. */
  items: ReviewItem[];
  /** Pass as `before` for the next (older) page; null when this is the last. */
  next: ReviewCursor | null;
}

/** A flag opened by one moderator: the frozen context around the message, and the notes. */
export interface FlagDetail extends FlagSummary {
  /**
   * Frozen as the messages were sent: up to FLAG_CONTEXT_MESSAGES before the flagged message, the
   * message itself, and up to as many after it, by seq. A message deleted later is erased here too:
   * its body is "" and `erasedAt` / `erasedBy` (a user id) say when and by whom.
   */
  context: { id: string; seq: number; authorId: string; authorName: string; body: string; createdAt: string; erasedAt?: string; erasedBy?: string }[];
  notes: string | null;
  /** The seq of the flagged message in context (the latest one of a burst). */
  messageSeq: number;
  /** The messages of this flag still held from the room; empty when nothing is held. */
  heldMessageIds: string[];
}

export interface FlagQueue {
  /** Unresolved, by severity (imminent first) then age (oldest first). */
  flags: FlagSummary[];
  /** Places with unresolved flags, most first. */
  places: { place: { kind: "room" | "conversation"; id: string }; open: number }[];
}

/** Shown only to the author of a flagged message. */
export interface SupportOffer {
  message: string;
  resources: CrisisResource[];
}

/** One attempt to call the on-call webhook; the last attempt of a delivery carries its outcome. */
export interface OncallDeliveryAttempt {
  /** Shared by the attempts of one delivery; the `delivery` field of the webhook body. */
  deliveryId: string;
  event: "flag.overdue" | "flag.unattended";
  flagId: string;
  attempt: number;
  /** The receiver's HTTP status; null when no response came (see error). */
  status: number | null;
  /** Why no response came (timeout, refused connection); null when one did. */
  error: string | null;
  at: string;
  /** "retrying": failed, another attempt follows; "delivered" and "gave_up" end the delivery. */
  outcome: "retrying" | "delivered" | "gave_up";
}

/**
 * What moderators made of one lexicon entry's flags, and how often it matched in shadow mode
 * (GET /api/admin/lexicon/stats). Counts only: no message text, no user ids.
 */
export interface LexiconEntryStats {
  entryId: string;
  /** From the current lexicon; null (and inLexicon false) for an entry removed since it matched. */
  category: string | null;
  severity: Severity | null;
  shadow: boolean;
  weak: boolean;
  inLexicon: boolean;
  /** Flags with a match of this entry, of any disposition. */
  flags: number;
  /** Of those, flags that paged moderators (flags stored without a disposition count here). */
  alerts: number;
  /** Someone else's risk, reaching moderators as such. */
  concernOther: number;
  /** Items of the review list, which page nobody. */
  reviewItems: number;
  /** Review items a moderator promoted to an alert: misses of the tiering. */
  promoted: number;
  resolved: number;
  /** Resolved with the outcome false_positive. */
  falsePositives: number;
  /** falsePositives / resolved; null while none is resolved. */
  falsePositiveRate: number | null;
  /** Resolved flags by outcome; every outcome is present. */
  outcomes: Record<FlagOutcome, number>;
  /** Matches while the entry was in shadow mode, summed over days and lexicon versions. */
  shadowHits: number;
  shadowLastSeenAt: string | null;
  /** Shadow matches per UTC day (YYYY-MM-DD), oldest first; days without any are left out. */
  shadowByDay: { day: string; hits: number }[];
}

export interface LexiconStatsResponse {
  /** The version of the lexicon the entries' category, tier and modes come from. */
  lexiconVersion: string;
  /** Flags with a hit, and shadow matches on days, at or after this; null for all time. */
  since: string | null;
  generatedAt: string;
  /** By entry id. */
  entries: LexiconEntryStats[];
}

/** One line of the labelled export (npm run crisis:export-labels, GET /api/admin/flags/labels.jsonl). */
export interface FlagLabelLine {
  /** The flag's id. */
  id: string;
  /** The flagged message's body, from the flag's frozen context. */
  text: string;
  /** false_positive: no_alert; any other outcome: alert. */
  label: "alert" | "no_alert";
  outcome: string;
  severity: Severity;
  categories: string[];
  entryIds: string[];
  /** The language of the matched entries, when they share one. */
  lang?: string;
  resolvedAt: string;
}

/** The category of a flag a peer supporter raised from their conversation ("ask a moderator"). */
export const PEER_ESCALATION_CATEGORY = "peer_escalation";

/**
 * To a member's assigned peer supporter: a moderator has been alerted about their member (active),
 * or the last open flag about them was resolved (not active). Deliberately nothing else.
 */
export interface PeerFlagNotice {
  memberId: string;
  conversationId: string;
  active: boolean;
}

/**
 * The other side of a check-in, as its member sees it: the moderation team, not a person. Any
 * moderator or admin reads and writes the thread; staff messages carry this id and "Moderation team".
 */
export const MODERATION_TEAM_ID = "moderation-team";

/** A resolved flag in the history (flag:history): its summary with the notes it was resolved with. */
export interface FlagHistoryItem extends FlagSummary {
  notes: string | null;
}

export interface FlagHistoryPage {
  /** Newest resolution first. */
  items: FlagHistoryItem[];
  /** Pass as `before` for the next (older) page; null when this is the last. */
  next: { resolvedAt: string; id: string } | null;
  /**
   * With a `query`: how many resolved flags were read to find these (at most FLAG_HISTORY_SEARCH_SCAN
   * per request); `next` continues the search from where it stopped.
   */
  searchedUpTo?: number;
}
