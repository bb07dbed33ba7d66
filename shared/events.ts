/**
 * The Socket.IO contract. The server uses these maps as they are; the client uses them with the
 * two directions swapped (Socket<ServerToClientEvents, ClientToServerEvents>).
 */
import type { AckCallback } from "./ack";
import type {
  ConversationSummary,
  DirectMessage,
  FlagDetail,
  FlagQueue,
  FlagSummary,
  FlagHistoryPage,
  ReviewItem,
  ReviewPage,
  SupportOffer,
  HistoryPage,
  JoinResult,
  Message,
  ModerationNotice,
  PeerAvailability,
  PeerFlagNotice,
  PresentUser,
  Role,
  Room,
  RoomPage,
  Session,
} from "./dto";
import type {
  AvailabilitySetInput,
  BanInput,
  CheckinCloseInput,
  ConversationHistoryInput,
  ConversationReadInput,
  ConversationSendInput,
  ConversationDeleteInput,
  ConversationEscalateInput,
  ConversationTypingInput,
  FlagRefInput,
  FlagResolveInput,
  FlagReviewListInput,
  FlagReassignInput,
  FlagHistoryInput,
  MessageDeleteInput,
  MessageEditInput,
  MessageHistoryInput,
  MessageSendInput,
  MuteInput,
  PinInput,
  RemoveInput,
  RoomCreateInput,
  RoomJoinInput,
  RoomListInput,
  RoomLockInput,
  RoomRefInput,
  SlowModeInput,
  TargetInput,
  TypingSetInput,
  UnbanInput,
  WarnInput,
} from "./schemas";
import type { ReactionUpdate } from "./dto";
import type { ReactionSetInput } from "./schemas";
import type { ReportReceipt } from "./dto";
import type { ReportMessageInput, ReportPersonInput } from "./schemas";
import type { BlockedPerson } from "./dto";
import type { BlockSetInput } from "./schemas";
import type { RoomReadInput } from "./schemas";
import type { ConversationReactionUpdate } from "./dto";
import type { ConversationReactionSetInput } from "./schemas";
import type { MemberModerationHistory, SanctionView, StaffMember } from "./dto";
import type { MemberRefInput } from "./schemas";

/** The result of a moderation action against a user. */
export interface ModerationResult {
  userId: string;
  roomId: string;
  /** For a mute: when it ends. */
  until?: string;
  /** For a warning: how many this user has had within the ladder's window, and whether it muted them. */
  warnings?: number;
  autoMuted?: boolean;
}

export interface ClientToServerEvents {
  /** A page of rooms; `nextCursor` is null on the last page. */
  "room:list": (payload: RoomListInput, ack: AckCallback<RoomPage>) => void;
  "room:create": (payload: RoomCreateInput, ack: AckCallback<Room>) => void;
  "room:join": (payload: RoomJoinInput, ack: AckCallback<JoinResult>) => void;
  "room:leave": (payload: RoomRefInput, ack: AckCallback<{ roomId: string }>) => void;
  "message:send": (payload: MessageSendInput, ack: AckCallback<Message>) => void;
  "message:history": (payload: MessageHistoryInput, ack: AckCallback<HistoryPage>) => void;
  "typing:set": (payload: TypingSetInput, ack: AckCallback<{ roomId: string }>) => void;
  /* Moderation: moderators anywhere, facilitators and assigned moderators within their own session. */
  /** A moderator deletes any message of the room; anyone deletes their own. */
  "message:delete": (payload: MessageDeleteInput, ack: AckCallback<{ roomId: string; messageId: string }>) => void;
  /** The author replaces the body of their own message, within MESSAGE_EDIT_WINDOW_MINUTES of sending it. */
  "message:edit": (payload: MessageEditInput, ack: AckCallback<Message>) => void;
  "room:lock": (payload: RoomLockInput, ack: AckCallback<Room>) => void;
  "room:slow_mode": (payload: SlowModeInput, ack: AckCallback<Room>) => void;
  "room:pin": (payload: PinInput, ack: AckCallback<Room>) => void;
  "moderation:mute": (payload: MuteInput, ack: AckCallback<ModerationResult>) => void;
  "moderation:unmute": (payload: TargetInput, ack: AckCallback<ModerationResult>) => void;
  "moderation:remove": (payload: RemoveInput, ack: AckCallback<ModerationResult>) => void;
  "moderation:ban": (payload: BanInput, ack: AckCallback<ModerationResult>) => void;
  "moderation:unban": (payload: UnbanInput, ack: AckCallback<ModerationResult>) => void;
  "moderation:warn": (payload: WarnInput, ack: AckCallback<ModerationResult>) => void;
  /* Private conversations: only their two participants. */
  "conversation:list": (payload: Record<string, never>, ack: AckCallback<{ conversations: ConversationSummary[] }>) => void;
  "conversation:send": (payload: ConversationSendInput, ack: AckCallback<DirectMessage>) => void;
  /** The author deletes their own private message. */
  "conversation:delete": (payload: ConversationDeleteInput, ack: AckCallback<{ conversationId: string; messageId: string }>) => void;
  /** `truncated` as for message:history. */
  "conversation:history": (payload: ConversationHistoryInput, ack: AckCallback<{ messages: DirectMessage[]; truncated?: boolean }>) => void;
  "conversation:read": (payload: ConversationReadInput, ack: AckCallback<{ conversationId: string; seq: number }>) => void;
  "conversation:typing": (payload: ConversationTypingInput, ack: AckCallback<{ conversationId: string }>) => void;
  /** Peer supporters only. */
  "availability:set": (payload: AvailabilitySetInput, ack: AckCallback<PeerAvailability>) => void;
  /* Crisis flags: moderators and admins. */
  "flag:list": (payload: Record<string, never>, ack: AckCallback<FlagQueue>) => void;
  /** The frozen context; opening a private conversation's flag is recorded in the audit log. */
  "flag:get": (payload: FlagRefInput, ack: AckCallback<FlagDetail>) => void;
  "flag:claim": (payload: FlagRefInput, ack: AckCallback<FlagSummary>) => void;
  "flag:resolve": (payload: FlagResolveInput, ack: AckCallback<FlagSummary>) => void;
  /**
   * Broadcasts the flag's held messages to their room (as message:released); conflict when nothing
   * is held. Leaving a message held needs no event: it stays held, even after flag:resolve.
   */
  "flag:release": (payload: FlagRefInput, ack: AckCallback<FlagSummary>) => void;
  /** The review list (hits that page nobody), newest first, a page at a time. Open an item with flag:get. */
  "flag:review_list": (payload: FlagReviewListInput, ack: AckCallback<ReviewPage>) => void;
  /** Moves a review item into the queue as an open flag: flag:raised to every moderator. Audited (flag.promote). */
  "flag:promote": (payload: FlagRefInput, ack: AckCallback<FlagSummary>) => void;
  /** Takes a review item off the list. Audited (flag.dismiss). */
  "flag:dismiss": (payload: FlagRefInput, ack: AckCallback<{ flagId: string }>) => void;
  /**
   * The conversation's own peer supporter asks a moderator to look: a `peer_escalation` flag on the
   * conversation, paged as flag:raised. Audited (flag.peer_escalation). The member is not told.
   */
  "conversation:escalate": (payload: ConversationEscalateInput, ack: AckCallback<FlagSummary>) => void;
  /**
   * Moderators and admins: opens (or reopens) the flag author's check-in with the moderation team,
   * a private conversation every moderator may read and write; then conversation:* as for any
   * conversation. Audited (flag.checkin). `conversation:updated` to the person and to all staff.
   */
  "flag:checkin": (payload: FlagRefInput, ack: AckCallback<ConversationSummary>) => void;
  /** Moderators and admins: makes a check-in read-only for both sides. Audited (checkin.close). */
  "checkin:close": (payload: CheckinCloseInput, ack: AckCallback<ConversationSummary>) => void;
  /** A claimed flag back to the queue: by its claimer, or by anyone once the claim is past its deadline. Audited (flag.unclaim). */
  "flag:unclaim": (payload: FlagRefInput, ack: AckCallback<FlagSummary>) => void;
  /** An open or claimed flag given to another moderator or admin; they get flag:assigned. Audited (flag.reassign). */
  "flag:reassign": (payload: FlagReassignInput, ack: AckCallback<FlagSummary>) => void;
  /** Resolved flags with outcome and notes, newest first, a page at a time; open one's context with flag:get. */
  "flag:history": (payload: FlagHistoryInput, ack: AckCallback<FlagHistoryPage>) => void;
  /** Sets (`on`) or takes back one of the supportive reactions on a room message. Idempotent. */
  "reaction:set": (payload: ReactionSetInput, ack: AckCallback<ReactionUpdate>) => void;
  /**
   * Reports a message the reporter can read (not their own) to the moderators' review list. Acked
   * once stored; the same person reporting the same message again changes nothing. Audited
   * (report.create, the only place the reporter is named). Rate-limited per reporter.
   */
  "report:message": (payload: ReportMessageInput, ack: AckCallback<ReportReceipt>) => void;
  /** Reports a person the reporter shares the room or conversation with (not themselves); as report:message. */
  "report:person": (payload: ReportPersonInput, ack: AckCallback<ReportReceipt>) => void;
  /**
   * Members only: hides a person's room messages, typing and reactions from the blocker (or shows
   * them again). Idempotent. Staff cannot be blocked; the blocked person is not told.
   */
  "block:set": (payload: BlockSetInput, ack: AckCallback<{ userId: string; blocked: boolean }>) => void;
  /** The people the reader has blocked, most recent first. */
  "block:list": (payload: Record<string, never>, ack: AckCallback<{ people: BlockedPerson[] }>) => void;
  /** Raises the caller's read mark in a room they may read; answers the mark now stored and what is still unread. */
  "room:read": (payload: RoomReadInput, ack: AckCallback<{ roomId: string; seq: number; unread: number }>) => void;
  /** A reaction on a private message, by either side of an open conversation. Idempotent. */
  "conversation:reaction_set": (payload: ConversationReactionSetInput, ack: AckCallback<ConversationReactionUpdate>) => void;
  /** Moderators and admins: every moderator and admin, for handing a flag on, with whether they are connected now. */
  "staff:list": (payload: Record<string, never>, ack: AckCallback<{ staff: StaffMember[] }>) => void;
  /** Those who may moderate the room: the mutes and bans in force there (all-sessions bans included), newest first. */
  "moderation:room_sanctions": (payload: RoomRefInput, ack: AckCallback<{ roomId: string; sanctions: SanctionView[] }>) => void;
  /** Moderators and admins: a member's mutes and bans and the moderation actions taken on them, newest first. */
  "moderation:member_history": (payload: MemberRefInput, ack: AckCallback<MemberModerationHistory>) => void;
}

/** Every client event, at run time: the authorisation matrix test walks it so none is missed. */
export const CLIENT_EVENTS = [
  "room:list",
  "room:create",
  "room:join",
  "room:leave",
  "message:send",
  "message:history",
  "typing:set",
  "message:delete",
  "message:edit",
  "room:lock",
  "room:slow_mode",
  "room:pin",
  "moderation:mute",
  "moderation:unmute",
  "moderation:remove",
  "moderation:ban",
  "moderation:unban",
  "moderation:warn",
  "conversation:list",
  "conversation:send",
  "conversation:delete",
  "conversation:history",
  "conversation:read",
  "conversation:typing",
  "availability:set",
  "flag:list",
  "flag:get",
  "flag:claim",
  "flag:resolve",
  "flag:release",
  "flag:review_list",
  "flag:promote",
  "flag:dismiss",
  "conversation:escalate",
  "flag:checkin",
  "checkin:close",
  "flag:unclaim",
  "flag:reassign",
  "flag:history",
  "reaction:set",
  "report:message",
  "report:person",
  "block:set",
  "block:list",
  "room:read",
  "conversation:reaction_set",
  "staff:list",
  "moderation:room_sanctions",
  "moderation:member_history",
] as const satisfies readonly (keyof ClientToServerEvents)[];

// Fails to compile when an event is added to the map but not to the list.
type Missing = Exclude<keyof ClientToServerEvents, (typeof CLIENT_EVENTS)[number]>;
export const allClientEventsListed: [Missing] extends [never] ? true : Missing = true;

export interface ServerToClientEvents {
  /** To the room; a held message (held: true) goes only to its author's tabs that have the room open. */
  "message:created": (message: Message) => void;
  "presence:joined": (event: { roomId: string; user: PresentUser }) => void;
  "presence:left": (event: { roomId: string; userId: string }) => void;
  "typing:updated": (event: { roomId: string; userId: string; displayName: string; typing: boolean }) => void;
  /** Sent before a graceful shutdown; clients should reconnect after the given delay. */
  "server:restarting": (event: { reconnectAfterMs: number }) => void;
  /**
   * Broadcasts from other nodes may have been lost (the node's link to Redis was down): the client
   * should gap-fill every room it has open, as it does after a reconnect.
   */
  "server:resync": (event: Record<string, never>) => void;
  /**
   * A held message was released by a moderator: to the room. Replace the placeholder with the same
   * seq (or, for its author, clear the held mark); insert it if it was never seen.
   */
  "message:released": (message: Message) => void;
  /** A moderator deleted a message: replace it with a notice. */
  /**
   * A message was deleted (by its author or a moderator): replace it with a notice. For a private
   * message, to both participants, with `conversationId` set (and equal to `roomId`).
   */
  "message:deleted": (event: { roomId: string; messageId: string; seq: number; conversationId?: string }) => void;
  /** Its author edited a message: replace the one with the same id. */
  "message:edited": (message: Message) => void;
  /** The room's lock, slow mode or pinned announcement changed. */
  "room:updated": (room: Room) => void;
  /** A session changed (times, extension); sent to its room. */
  "session:updated": (session: Session) => void;
  /** The session reached its end: the room is read-only from now on. Sent once, from one node. */
  "session:ended": (event: { sessionId: string; roomId: string }) => void;
  /** A place freed up and this user moved from the waitlist to registered; to their own tabs. */
  "session:promoted": (event: { sessionId: string; roomId: string; title: string; startsAt: string }) => void;
  /** Sent to each registered member and to the room. */
  "session:cancelled": (event: { sessionId: string; roomId: string; title: string; startsAt: string }) => void;
  /** To both participants, on all their tabs and devices. */
  "conversation:message": (message: DirectMessage) => void;
  /** A participant's read mark rose: the other side shows "seen". To both participants. */
  "conversation:read": (event: { conversationId: string; userId: string; seq: number }) => void;
  /** The recipient's unread count after a new message, or their own after reading elsewhere. */
  "conversation:unread": (event: { conversationId: string; unread: number }) => void;
  "conversation:typing": (event: { conversationId: string; userId: string; typing: boolean }) => void;
  /** A conversation appeared (new assignment) or became read-only (assignment ended); per user. */
  "conversation:updated": (summary: ConversationSummary) => void;
  /** An assigned peer changed their availability; to their members. */
  "availability:updated": (event: PeerAvailability) => void;
  /** To every moderator and admin online, on any node. */
  "flag:raised": (flag: FlagSummary) => void;
  /** A flag gained a hit, was claimed or resolved; to every moderator and admin. */
  "flag:updated": (flag: FlagSummary) => void;
  /** A flag went unclaimed past its tier's deadline: to every moderator and admin, once. */
  "flag:overdue": (flag: FlagSummary) => void;
  /** A hit that pages nobody joined the review list: to every moderator and admin, without an alert. */
  "flag:listed": (item: ReviewItem) => void;
  /** A review item was promoted to the queue (flag:raised follows) or dismissed: drop it from the list. */
  "flag:unlisted": (event: { flagId: string; lane: "page" | "dismissed" }) => void;
  /** To the author of a message that paged for their own risk only, on all their tabs. */
  "support:offered": (offer: SupportOffer) => void;
  /** Sent to the target of a moderation action, on all their tabs. */
  "moderation:notice": (notice: ModerationNotice) => void;
  /** To a member's assigned peer supporters: a moderator was alerted about the member, or no longer is. No details. */
  "peer:flag_notice": (notice: PeerFlagNotice) => void;
  /** A flag was given to this moderator (flag:reassign), on all their tabs; flag:updated reaches everyone. */
  "flag:assigned": (flag: FlagSummary) => void;
  /** Someone set or took back a reaction: the message's tallies now. To the room. */
  "reaction:updated": (event: ReactionUpdate) => void;
  /**
   * A message someone else wrote arrived in a room the person is a member of, whether or not any of
   * their tabs has it open: enough to count it, never its words. To the person's own channel.
   */
  "room:activity": (event: { roomId: string; seq: number }) => void;
  /** One of the person's tabs or devices moved their read mark in a room: every tab clears its count. */
  "room:read_mark": (event: { roomId: string; seq: number; unread: number }) => void;
  /** A private message's tallies now: to both sides of the conversation, on all their tabs. */
  "conversation:reaction_updated": (event: ConversationReactionUpdate) => void;
  /** To the blocker's other tabs and devices only: they blocked (or unblocked) someone in rooms. */
  "block:changed": (event: { userId: string; blocked: boolean }) => void;
}

/** Between nodes (through Redis): never from clients. */
export interface InterServerEvents {
  /** A node stored a change to rooms, sessions, registrations or sanctions: drop what was cached of them. */
  "access:changed": (areas: string[], done: () => void) => void;
  /** How far a node has written in rooms, as [roomId, seq] pairs (scale/seq-hints.ts). */
  "seq:stored": (hints: [roomId: string, seq: number][]) => void;
}

export interface SocketData {
  userId: string;
  role: Role;
  displayName: string;
  /** Rooms this socket watches without appearing in presence. */
  watching?: string[];
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;
