/**
 * Runtime schemas for every client-to-server payload. The payload types are derived from them,
 * so the static type and the server's check cannot drift apart.
 */
import { z } from "zod";
import { ROLES } from "./dto";
import { MAX_ROOM_PAGE } from "./limits";
import { REPORT_REASONS } from "./dto";

export const MAX_BODY_CHARS = 4000;
export const MAX_HISTORY_LIMIT = 100;
export { DEFAULT_ROOM_PAGE, MAX_HISTORY_BYTES, MAX_ROOM_PAGE } from "./limits";
export const DEFAULT_HISTORY_LIMIT = 50;

// C0 and C1 controls and DEL, except tab (\u0009) and newline (\u000A). Matching them is the point:
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const id = z.uuid({ message: "must be a UUID" });

/**
 * An unpaired UTF-16 surrogate cannot be written as UTF-8: a store would keep U+FFFD instead, and
 * history would differ from what the room was shown. Refusing it keeps stored and broadcast text equal.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);
const WELL_FORMED = { message: "must not contain unpaired UTF-16 surrogates (malformed Unicode)" };

/** Every string a person writes and others read, or that is stored: well-formed Unicode only. */
const text = () => z.string().refine((s) => !hasLoneSurrogate(s), WELL_FORMED);

/** Count code points, not UTF-16 units, so an emoji counts as one character. */
const charCount = (s: string): number => [...s].length;

export const messageBody = text()
  // Windows line endings are a line break, not a control character the author meant to send.
  .transform((s) => s.replace(/\r\n/g, "\n").trim())
  .pipe(
    z
      .string()
      .refine((s) => charCount(s) >= 1, { message: "must not be empty" })
      .refine((s) => charCount(s) <= MAX_BODY_CHARS, { message: `must be at most ${MAX_BODY_CHARS} characters` })
      .refine((s) => !FORBIDDEN_CONTROL.test(s), { message: "must not contain control characters other than newline and tab" }),
  );

const seqNumber = z.number().int().min(0);

export const roomCreateSchema = z.strictObject({
  name: text().trim().min(1).max(100),
  topic: text().trim().max(500).optional(),
});

export const roomRefSchema = z.strictObject({ roomId: id });
/** A page of room:list; `cursor` is the previous page's `nextCursor`, opaque to clients. */
export const roomListSchema = z
  .strictObject({
    cursor: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(MAX_ROOM_PAGE).optional(),
  })
  .optional();

export const roomJoinSchema = z.strictObject({
  roomId: id,
  /** Moderators and facilitators only: see the room without appearing in its presence list. */
  watch: z.boolean().optional(),
});

const reason = text().trim().min(1).max(500);
const optionalReason = reason.optional();

export const MAX_MUTE_MINUTES = 7 * 24 * 60;

export const muteSchema = z.strictObject({ roomId: id, userId: id, minutes: z.number().int().min(1).max(MAX_MUTE_MINUTES), reason: optionalReason });
export const targetSchema = z.strictObject({ roomId: id, userId: id });
export const removeSchema = z.strictObject({ roomId: id, userId: id, reason: optionalReason });
export const warnSchema = z.strictObject({ roomId: id, userId: id, reason });
export const banSchema = z.strictObject({
  /** The room the moderator acts from; with scope "all" the ban covers every group session. */
  roomId: id,
  userId: id,
  scope: z.enum(["room", "all"]),
  reason,
  expiresInMinutes: z.number().int().min(1).max(366 * 24 * 60).optional(),
});
export const unbanSchema = z.strictObject({ roomId: id, userId: id, scope: z.enum(["room", "all"]) });
export const messageDeleteSchema = z.strictObject({ roomId: id, messageId: id, reason: optionalReason });
export const roomLockSchema = z.strictObject({ roomId: id, locked: z.boolean() });
export const slowModeSchema = z.strictObject({ roomId: id, seconds: z.number().int().min(0).max(3600) });
export const pinSchema = z.strictObject({ roomId: id, body: messageBody.nullable() });

export const messageSendSchema = z.strictObject({
  roomId: id,
  clientMsgId: id,
  body: messageBody,
});

/** An author editing their own room message. */
export const messageEditSchema = z.strictObject({ roomId: id, messageId: id, body: messageBody });

export const messageHistorySchema = z.strictObject({
  roomId: id,
  before: seqNumber.optional(),
  after: seqNumber.optional(),
  limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT).optional(),
});

export const conversationSendSchema = z.strictObject({ conversationId: id, clientMsgId: id, body: messageBody });
/** An author deleting their own private message. */
export const conversationDeleteSchema = z.strictObject({ conversationId: id, messageId: id });
export const conversationHistorySchema = z.strictObject({
  conversationId: id,
  before: seqNumber.optional(),
  after: seqNumber.optional(),
  limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT).optional(),
});
export const conversationReadSchema = z.strictObject({ conversationId: id, seq: seqNumber });
export const conversationTypingSchema = z.strictObject({ conversationId: id, typing: z.boolean() });
export const availabilitySetSchema = z.strictObject({
  status: z.enum(["available", "away"]),
  message: text().trim().min(1).max(280).optional(),
});

export const typingSetSchema = z.strictObject({
  roomId: id,
  typing: z.boolean(),
});

export const emptySchema = z.strictObject({}).optional();

/** A peer supporter asking a moderator to look at their conversation; the note is for moderators only. */
export const conversationEscalateSchema = z.strictObject({ conversationId: id, note: text().trim().min(1).max(500).optional() });
export type ConversationEscalateInput = z.input<typeof conversationEscalateSchema>;
/** A moderator ending a check-in with the moderation team. */
export const checkinCloseSchema = z.strictObject({ conversationId: id });
export type CheckinCloseInput = z.input<typeof checkinCloseSchema>;

/* HTTP bodies */

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** DELETE /api/me: the password again, so a borrowed unlocked screen cannot erase an account. */
export const eraseAccountSchema = z.strictObject({
  password: z.string().min(1).max(256),
});

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, { message: "may contain letters, digits, '_', '.' and '-' only" });

export const password = text().min(10, { message: "must be at least 10 characters" }).max(256);

export const createUserSchema = z.strictObject({
  username,
  password,
  role: z.enum(ROLES),
  displayName: text().trim().min(1).max(64).optional(),
});

export const setRoleSchema = z.strictObject({ role: z.enum(ROLES) });

const isoDate = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with a time zone" }).transform((s) => new Date(s));
const userIds = z.array(id).max(200);

const sessionFields = {
  title: text().trim().min(1).max(120),
  topic: text().trim().max(200).nullable().optional(),
  description: text().trim().max(2000).nullable().optional(),
  startsAt: isoDate,
  endsAt: isoDate,
  capacity: z.number().int().min(1).max(500),
  facilitatorIds: userIds.min(1),
  moderatorIds: userIds.optional(),
  audience: z.enum(["all", "invite"]).optional(),
  inviteeIds: userIds.optional(),
  joinWindowMinutes: z.number().int().min(0).max(240).optional(),
};

const endsAfterStart = (s: { startsAt?: Date; endsAt?: Date }) => !s.startsAt || !s.endsAt || s.endsAt > s.startsAt;
const MAX_SESSION_MS = 12 * 60 * 60 * 1000;
const notTooLong = (s: { startsAt?: Date; endsAt?: Date }) => !s.startsAt || !s.endsAt || s.endsAt.getTime() - s.startsAt.getTime() <= MAX_SESSION_MS;

export const MAX_OCCURRENCES = 52;

export const sessionCreateSchema = z
  .strictObject({
    ...sessionFields,
    /** Weekly repetition, ended by a number of occurrences or a last date. */
    recurrence: z
      .strictObject({
        weekly: z.literal(true),
        count: z.number().int().min(1).max(MAX_OCCURRENCES).optional(),
        until: isoDate.optional(),
        /** IANA time zone whose local time the series keeps across daylight-saving changes, e.g. "Europe/London". */
        timeZone: z.string().min(1).max(64).optional(),
      })
      .refine((r) => (r.count === undefined) !== (r.until === undefined), { message: "give exactly one of count and until" })
      .optional(),
  })
  .refine(endsAfterStart, { message: "endsAt must be after startsAt", path: ["endsAt"] })
  .refine(notTooLong, { message: "a session lasts at most 12 hours", path: ["endsAt"] });

export const sessionUpdateSchema = z
  .strictObject({
    title: sessionFields.title.optional(),
    topic: sessionFields.topic,
    description: sessionFields.description,
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
    capacity: sessionFields.capacity.optional(),
    facilitatorIds: sessionFields.facilitatorIds.optional(),
    moderatorIds: sessionFields.moderatorIds,
    audience: sessionFields.audience,
    inviteeIds: sessionFields.inviteeIds,
    joinWindowMinutes: sessionFields.joinWindowMinutes,
  })
  .refine(endsAfterStart, { message: "endsAt must be after startsAt", path: ["endsAt"] })
  .refine(notTooLong, { message: "a session lasts at most 12 hours", path: ["endsAt"] });

export const sessionExtendSchema = z.strictObject({ minutes: z.number().int().min(1).max(240) });

export const sessionListQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const flagRefSchema = z.strictObject({ flagId: id });
export const flagResolveSchema = z.strictObject({
  flagId: id,
  outcome: z.enum(["safe", "contacted", "escalated_emergency", "referred", "false_positive", "other"]),
  notes: text().trim().max(4000).optional(),
});

export const flagReviewListSchema = z.strictObject({
  /** The `next` of the previous page. */
  before: z.strictObject({ createdAt: isoDate, id }).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

export const oncallDeliveryQuerySchema = z.strictObject({
  flagId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** A day (2026-11-01, UTC midnight) or a date-time with a time zone. */
const sinceDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: "must be an ISO-8601 date, or a date-time with a time zone" })
  .transform((s) => new Date(s));

export const lexiconStatsQuerySchema = z.strictObject({ since: sinceDate.optional() });
export const flagLabelsQuerySchema = z.strictObject({ since: sinceDate.optional() });

export const assignmentCreateSchema = z.strictObject({ memberId: id, peerId: id });
export const assignmentQuerySchema = z.strictObject({ userId: id });

export const auditQuerySchema = z.strictObject({
  roomId: id.optional(),
  userId: id.optional(),
  action: z.string().max(50).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export type RoomCreateInput = z.input<typeof roomCreateSchema>;
export type RoomRefInput = z.input<typeof roomRefSchema>;
export type RoomListInput = z.input<typeof roomListSchema>;
export type FlagRefInput = z.input<typeof flagRefSchema>;
export type FlagResolveInput = z.input<typeof flagResolveSchema>;
export type FlagReviewListInput = z.input<typeof flagReviewListSchema>;
export type ConversationSendInput = z.input<typeof conversationSendSchema>;
export type ConversationHistoryInput = z.input<typeof conversationHistorySchema>;
export type ConversationReadInput = z.input<typeof conversationReadSchema>;
export type ConversationTypingInput = z.input<typeof conversationTypingSchema>;
export type AvailabilitySetInput = z.input<typeof availabilitySetSchema>;
export type RoomJoinInput = z.input<typeof roomJoinSchema>;
export type MuteInput = z.input<typeof muteSchema>;
export type TargetInput = z.input<typeof targetSchema>;
export type RemoveInput = z.input<typeof removeSchema>;
export type WarnInput = z.input<typeof warnSchema>;
export type BanInput = z.input<typeof banSchema>;
export type UnbanInput = z.input<typeof unbanSchema>;
export type MessageDeleteInput = z.input<typeof messageDeleteSchema>;
export type MessageEditInput = z.input<typeof messageEditSchema>;
export type ConversationDeleteInput = z.input<typeof conversationDeleteSchema>;
export type RoomLockInput = z.input<typeof roomLockSchema>;
export type SlowModeInput = z.input<typeof slowModeSchema>;
export type PinInput = z.input<typeof pinSchema>;
export type SessionCreateInput = z.input<typeof sessionCreateSchema>;
export type SessionUpdateInput = z.input<typeof sessionUpdateSchema>;
export type MessageSendInput = z.input<typeof messageSendSchema>;
export type MessageHistoryInput = z.input<typeof messageHistorySchema>;
export type TypingSetInput = z.input<typeof typingSetSchema>;
export type LoginInput = z.input<typeof loginSchema>;
export type CreateUserInput = z.input<typeof createUserSchema>;

export const flagReassignSchema = z.strictObject({ flagId: id, toUserId: id });
export type FlagReassignInput = z.input<typeof flagReassignSchema>;

export const flagHistorySchema = z.strictObject({
  outcome: flagResolveSchema.shape.outcome.optional(),
  place: z.strictObject({ kind: z.enum(["room", "conversation"]), id }).optional(),
  /** Resolved at or after. */
  from: isoDate.optional(),
  /** Resolved before. */
  to: isoDate.optional(),
  /** The `next` of the previous page. */
  before: z.strictObject({ resolvedAt: isoDate, id }).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  /**
   * Words searched in the outcome notes and categories, case-insensitively. Notes are sealed at
   * rest, so the server opens and searches a bounded number of recent resolutions (see the reply's `searchedUpTo`).
   */
  query: text().trim().min(1).max(100).optional(),
});
export type FlagHistoryInput = z.input<typeof flagHistorySchema>;
/** The small, supportive set of reactions a room offers; nothing that could read as a judgement. */
export const REACTION_EMOJI = ["❤️", "🤗", "🙏", "💪"] as const;
export const reactionSetSchema = z.strictObject({ roomId: id, messageId: id, emoji: z.enum(REACTION_EMOJI), on: z.boolean() });
export type ReactionSetInput = z.input<typeof reactionSetSchema>;

/** A member's report: one of a few reasons and an optional short note (health text, sealed at rest). */
const reportReason = z.enum(REPORT_REASONS);
const reportNote = text()
  .trim()
  .max(500)
  .refine((s) => !FORBIDDEN_CONTROL.test(s), { message: "must not contain control characters other than newline and tab" })
  .optional();
/** A message in a room (roomId) or a private conversation (conversationId): exactly one of them. */
export const reportMessageSchema = z.union([
  z.strictObject({ roomId: id, messageId: id, reason: reportReason, note: reportNote }),
  z.strictObject({ conversationId: id, messageId: id, reason: reportReason, note: reportNote }),
]);
export type ReportMessageInput = z.input<typeof reportMessageSchema>;
/** A person, where the reporter shares a room (roomId) or a conversation (conversationId) with them. */
export const reportPersonSchema = z.union([
  z.strictObject({ userId: id, roomId: id, reason: reportReason, note: reportNote }),
  z.strictObject({ userId: id, conversationId: id, reason: reportReason, note: reportNote }),
]);
export type ReportPersonInput = z.input<typeof reportPersonSchema>;
/** Blocks a person in rooms (`blocked: true`) or lifts the block. Idempotent. */
export const blockSetSchema = z.strictObject({ userId: id, blocked: z.boolean() });
export type BlockSetInput = z.input<typeof blockSetSchema>;
/** Moves the caller's read mark in a group room up to `seq` (clamped to the room's last message; never lowered). */
export const roomReadSchema = z.strictObject({ roomId: id, seq: seqNumber });
export type RoomReadInput = z.input<typeof roomReadSchema>;
/** The same supportive set, on a message of a private conversation (peer conversation or check-in). */
export const conversationReactionSetSchema = z.strictObject({ conversationId: id, messageId: id, emoji: z.enum(REACTION_EMOJI), on: z.boolean() });
export type ConversationReactionSetInput = z.input<typeof conversationReactionSetSchema>;
/** A moderator's view of one member's moderation record. */
export const memberRefSchema = z.strictObject({ userId: id });
export type MemberRefInput = z.input<typeof memberRefSchema>;
