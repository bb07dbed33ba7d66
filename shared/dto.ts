/** Data shapes that cross the wire. Timestamps are ISO-8601 strings in UTC. */
import type { ReactionCount } from "./dto-member-safety";

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

export * from "./dto-flags";
export * from "./dto-member-safety";
export * from "./dto-moderation-records";
