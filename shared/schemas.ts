/**
 * Runtime schemas for every client-to-server payload. The payload types are derived from them,
 * so the static type and the server's check cannot drift apart.
 */
import { z } from "zod";
import { ROLES } from "./dto";

export const MAX_BODY_CHARS = 4000;
export const MAX_HISTORY_LIMIT = 100;
export const DEFAULT_HISTORY_LIMIT = 50;

// C0 and C1 controls and DEL, except tab (\u0009) and newline (\u000A). Matching them is the point:
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const id = z.uuid({ message: "must be a UUID" });

/** Count code points, not UTF-16 units, so an emoji counts as one character. */
const charCount = (s: string): number => [...s].length;

export const messageBody = z
  .string()
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
  name: z.string().trim().min(1).max(100),
  topic: z.string().trim().max(500).optional(),
});

export const roomRefSchema = z.strictObject({ roomId: id });

export const messageSendSchema = z.strictObject({
  roomId: id,
  clientMsgId: id,
  body: messageBody,
});

export const messageHistorySchema = z.strictObject({
  roomId: id,
  before: seqNumber.optional(),
  after: seqNumber.optional(),
  limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT).optional(),
});

export const typingSetSchema = z.strictObject({
  roomId: id,
  typing: z.boolean(),
});

export const emptySchema = z.strictObject({}).optional();

/* HTTP bodies */

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, { message: "may contain letters, digits, '_', '.' and '-' only" });

export const password = z.string().min(10, { message: "must be at least 10 characters" }).max(256);

export const createUserSchema = z.strictObject({
  username,
  password,
  role: z.enum(ROLES),
  displayName: z.string().trim().min(1).max(64).optional(),
});

export const setRoleSchema = z.strictObject({ role: z.enum(ROLES) });

export type RoomCreateInput = z.input<typeof roomCreateSchema>;
export type RoomRefInput = z.input<typeof roomRefSchema>;
export type MessageSendInput = z.input<typeof messageSendSchema>;
export type MessageHistoryInput = z.input<typeof messageHistorySchema>;
export type TypingSetInput = z.input<typeof typingSetSchema>;
export type LoginInput = z.input<typeof loginSchema>;
export type CreateUserInput = z.input<typeof createUserSchema>;
