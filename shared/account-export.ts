/** What `GET /api/me/export` answers: everything Haven keeps about the person asking, in one JSON document. */
import type { FlagOutcome, Role, Severity } from "./dto";

export type PlaceKind = "room" | "conversation";

export interface ExportedMessage {
  id: string;
  place: { kind: PlaceKind; id: string; name: string | null };
  seq: number;
  /** "" when it was deleted: deleted means gone, from the export too. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ExportedConversation {
  id: string;
  /** The side the person is on. */
  as: "member" | "peer";
  with: { id: string; displayName: string };
  createdAt: string;
  readOnly: boolean;
  /** Both sides, as the person could read them in the conversation. */
  messages: { id: string; seq: number; from: "you" | "them"; body: string; createdAt: string; editedAt: string | null; deletedAt: string | null }[];
}

export interface AccountExport {
  format: "haven-account-export";
  version: 1;
  exportedAt: string;
  account: { id: string; username: string; displayName: string; role: Role; createdAt: string };
  /** The person's own messages, in rooms and conversations, oldest first. */
  messages: ExportedMessage[];
  conversations: ExportedConversation[];
  assignments: { id: string; as: "member" | "peer"; withId: string; createdAt: string; endedAt: string | null }[];
  registrations: { sessionId: string; title: string | null; startsAt: string | null; status: string; createdAt: string }[];
  attendance: { sessionId: string; joinedAt: string; leftAt: string | null }[];
  /** Mutes and bans against the person, with the moderator's reason. */
  sanctions: { kind: string; roomId: string | null; reason: string | null; createdAt: string; expiresAt: string | null; liftedAt: string | null }[];
  /** Crisis flags raised on the person's messages: what was decided, not other people's words. */
  flags: { id: string; place: { kind: PlaceKind; id: string }; createdAt: string; severity: Severity; categories: string[]; status: string; outcome: FlagOutcome | string | null; resolvedAt: string | null }[];
  /** Audit log entries where the person acted or was the subject; other people are named by role only. */
  audit: { at: string; action: string; by: "you" | Role; roomId: string | null; sessionId: string | null; messageId: string | null; reason: string | null; details: Record<string, unknown> | null }[];
  availability: { status: string; message: string | null } | null;
  /** Reports the person made, with their own note; never reports about them (those name nobody, and stay with the moderators). */
  reports?: { createdAt: string; subject: "message" | "person"; messageId: string | null; reportedUserId: string; reason: string; note: string | null }[];
  /** The people the person blocked in rooms, most recent first. */
  blocks: { userId: string; displayName: string; blockedAt: string }[];
  /** How far the person has read in each group room (their read marks). */
  roomReads?: { roomId: string; seq: number }[];
  /** The reactions the person gave, in rooms and conversations, oldest first (not those others gave them). */
  reactions: ExportedReaction[];
}

export interface ExportedReaction {
  place: { kind: PlaceKind; id: string; name: string | null };
  messageId: string;
  emoji: string;
  createdAt: string;
}
