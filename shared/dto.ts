/** Data shapes that cross the wire. Timestamps are ISO-8601 strings in UTC. */

export const ROLES = ["member", "peer", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** What other participants see of a user: no username, which may identify them. */
export interface PresentUser {
  id: string;
  displayName: string;
  role: Role;
}

export interface Room {
  id: string;
  name: string;
  topic: string | null;
  createdBy: string;
  createdAt: string;
  /** The scheduled session this room belongs to; null for a standing room. */
  sessionId: string | null;
  /** Only the room's facilitators and moderators may send while locked. */
  locked: boolean;
  /** Members may send one message per this many seconds; 0 is off. */
  slowModeSeconds: number;
  pinned: { body: string; byId: string; at: string } | null;
  /** In room listings, for a room the viewer is in: messages from others since their read mark. */
  unread?: number;
  /** In room listings, with `unread`: the viewer's read mark (0 when they never read the room). */
  lastReadSeq?: number;
}

export interface Message {
  id: string;
  roomId: string;
  /** Per-room sequence number, starting at 1, with no gaps. */
  seq: number;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  clientMsgId: string;
  /** Set when the message was deleted (by its author or a moderator); its body is then "". */
  deletedAt: string | null;
  /** Set when its author edited it (within MESSAGE_EDIT_WINDOW_MINUTES of sending); absent otherwise. */
  editedAt?: string;
  /**
   * True while a moderator holds the message for review (CRISIS_HOLD_IMMINENT). Its author sees it
   * whole; everyone else gets a placeholder in history that keeps the seq (so gap-fill stays
   * gap-free) with body, authorId and authorName "". Absent when the message is not held.
   */
  held?: boolean;
  /** The supportive reactions on it, in history (absent where there are none or they were not looked up). */
  reactions?: ReactionCount[];
  /**
   * In history, for a reader who blocked its author: a placeholder that keeps id, seq and time (so
   * gap-fill finds no hole) with body, authorId and authorName "". Absent otherwise.
   */
  hidden?: boolean;
}

export interface JoinResult {
  room: Room;
  present: PresentUser[];
  /** The highest sequence number stored in the room; 0 when it is empty. */
  lastSeq: number;
  /** The joiner is muted here: until when (null: until a moderator lifts it). Null when not muted. */
  muted: { until: string | null } | null;
}

export type SessionState = "scheduled" | "open" | "ended" | "cancelled";

/** One occurrence of a scheduled group session. Times are UTC; clients show them in local time. */
export interface Session {
  id: string;
  seriesId: string;
  roomId: string;
  title: string;
  topic: string | null;
  description: string | null;
  startsAt: string;
  endsAt: string;
  /** When members may start joining: startsAt minus the join window. */
  joinOpensAt: string;
  joinWindowMinutes: number;
  capacity: number;
  facilitatorIds: string[];
  moderatorIds: string[];
  audience: "all" | "invite";
  state: SessionState;
  registeredCount: number;
  waitlistCount: number;
  /** The viewer's own place, if any. */
  myRegistration: "registered" | "waitlisted" | null;
}

/** Staff see who was invited; members only see sessions they may attend. */
export interface SessionDetail extends Session {
  inviteeIds: string[];
}

export interface AttendanceEntry {
  userId: string;
  displayName: string;
  joinedAt: string;
  leftAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorRole: Role;
  action: string;
  targetUserId: string | null;
  roomId: string | null;
  sessionId: string | null;
  messageId: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

/** What a moderation action did to its target, sent to the target's own tabs. */
export interface ModerationNotice {
  kind: "muted" | "unmuted" | "warned" | "removed" | "banned";
  roomId: string | null;
  reason: string | null;
  /** For a mute or a timed ban. */
  until: string | null;
}

/** A support line the deployment lists; shown whenever someone may need help now. */
export interface CrisisResource {
  name: string;
  /** A phone number, text short code or address, as people should use it. */
  contact: string;
  description?: string;
}

export interface Assignment {
  id: string;
  memberId: string;
  peerId: string;
  createdAt: string;
  endedAt: string | null;
}

export interface PeerAvailability {
  peerId: string;
  status: "available" | "away";
  message: string | null;
  updatedAt: string | null;
}

/** A message of a private conversation: a room message with the conversation in place of the room. */
export interface DirectMessage {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  clientMsgId: string;
  /** The supportive reactions on it, in conversation:history (absent where there are none). */
  reactions?: ReactionCount[];
}

/** One conversation as one participant sees it. */
export interface ConversationSummary {
  id: string;
  /** "checkin": with the moderation team, opened from a flag; absent means "peer". */
  kind?: "peer" | "checkin";
  /** The other participant. */
  other: PresentUser;
  /** Ended assignment: both can read, neither can write. */
  readOnly: boolean;
  lastSeq: number;
  /** Messages from the other participant after this user's read mark. */
  unread: number;
  myLastRead: number;
  /** The other participant's read mark: the client shows "seen" up to it. */
  otherLastRead: number;
  lastActivityAt: string | null;
  /** For a member: their peer's availability; null for a peer. */
  peerAvailability: PeerAvailability | null;
  /** For a member whose peer is away: where to get help now instead of waiting. */
  resources: CrisisResource[] | null;
}

export interface CaseloadEntry {
  member: PresentUser;
  conversationId: string;
  assignedAt: string;
  lastActivityAt: string | null;
  unread: number;
  /**
   * A moderator has been alerted about this member (an open flag on something they wrote, or the
   * peer's own "ask a moderator"). Nothing more: no words, no context, no tier.
   */
  moderatorAlerted?: boolean;
}

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

export interface HistoryPage {
  messages: Message[];
  /**
   * True when the answer stopped at its byte bound (MAX_HISTORY_BYTES) before `limit`: more
   * messages follow in the same direction, so ask again from the last one held.
   */
  truncated?: boolean;
}

export interface RoomPage {
  rooms: Room[];
  /** Pass as `cursor` for the next page; null when this is the last. */
  nextCursor: string | null;
}

export interface LoginResponse {
  token: string;
  user: User;
  /** When the token stops being accepted, ISO-8601. */
  expiresAt: string;
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

/** One emoji's tally on a message; `mine` when the reader is among those who chose it. */
export interface ReactionCount {
  emoji: string;
  count: number;
  mine: boolean;
}

/** reaction:updated: a message's tallies after someone set or took back a reaction. */
export interface ReactionUpdate {
  roomId: string;
  messageId: string;
  /** Whose change this was, so each reader can keep their own `mine`. */
  userId: string;
  emoji: string;
  on: boolean;
  counts: { emoji: string; count: number }[];
}

/** Why a member reports a message or a person: a small set, so moderators can sort them at a glance. */
export const REPORT_REASONS = ["harassment", "unsafe_content", "spam", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** The category a member's report carries on the review list. */
export const MEMBER_REPORT_CATEGORY = "member_report";

/** All a reporter learns: that the report arrived. Nothing about the item, other reports or outcome. */
export interface ReportReceipt {
  received: true;
  message: string;
}

/**
 * What moderators see of members' reports on a review item: the reasons and notes, never who sent
 * them ("a member"). Set only on items made by reports.
 */
export interface ReviewItemReport {
  /** The subject: one message, or the person as a whole. */
  subject: "message" | "person";
  reasons: ReportReason[];
  /** Free-text notes from the reports, oldest first; the reporters are not named. */
  notes: string[];
  /** How many members reported it. */
  reports: number;
}

/** block:list: someone the reader blocked in rooms. */
export interface BlockedPerson {
  userId: string;
  displayName: string;
  /** When the block was set, ISO-8601. */
  blockedAt: string;
}

/**
 * conversation:reaction_updated: a private message's tallies after one side set or took back a
 * reaction. `userId` is the side that did (MODERATION_TEAM_ID for staff in a check-in).
 */
export interface ConversationReactionUpdate {
  conversationId: string;
  messageId: string;
  userId: string;
  emoji: string;
  on: boolean;
  counts: { emoji: string; count: number }[];
}

/** A moderator or admin, for handing a flag on (staff:list). `online`: connected now, on any node. */
export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
  online: boolean;
}

/** A mute or a ban as moderators see it (moderation:room_sanctions, moderation:member_history). */
export interface SanctionView {
  id: string;
  kind: "mute" | "ban";
  userId: string;
  userName: string;
  /** Null: a ban from every group session. */
  roomId: string | null;
  reason: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  /** Null: until lifted (or, for a removal from a session, until the session ends). */
  expiresAt: string | null;
  liftedAt: string | null;
  /** At the time of the answer. */
  state: "active" | "lifted" | "expired";
}

/** A moderation action taken on a member, from the audit log: warn, mute, unmute, remove, ban, unban, message.delete. */
export interface ModerationAction {
  id: string;
  at: string;
  action: string;
  actorId: string;
  actorName: string;
  roomId: string | null;
  reason: string | null;
}

/** moderation:member_history: every mute and ban the member has had, and the actions taken on them, newest first. */
export interface MemberModerationHistory {
  userId: string;
  displayName: string;
  sanctions: SanctionView[];
  actions: ModerationAction[];
}
