/**
 * What data rights need from storage: reading everything about one person for their export, and
 * erasing their account. Both walk the person's rows across every store, so they live apart from
 * the stores that serve chat.
 */
import type { AssignmentRecord, AttendanceRecord, FlagRecord, MessageRecord, SanctionRecord } from "./ports";
import type { ReactionRecord } from "./reaction-ports";

export type ErasureMode = "erase" | "pseudonymise";

export interface AccountErasure {
  userId: string;
  /** A new random id that replaces the user's id wherever a record must keep someone's place (the audit log, flags, conversations). */
  pseudonym: string;
  /** Shown instead of the display name on what is kept. */
  pseudonymName: string;
  /** Erase the bodies of the user's messages, or keep them under the pseudonym. */
  messages: ErasureMode;
  /** Who erased it: the pseudonym itself for a person erasing their own account, or the admin's id. */
  by: string;
  at: Date;
}

export interface ErasureResult {
  /** Messages whose bodies were erased now (not those already deleted), so open clients can drop them. */
  erased: { roomId: string; messageId: string; seq: number }[];
  /** Messages kept under the pseudonym. */
  pseudonymised: number;
}

export interface PersonalDataStore {
  /** The user's own messages everywhere (rooms and conversations), oldest first, a page after the cursor. */
  messagesBy(authorId: string, page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<MessageRecord[]>;
  /** Sanctions against the user, lifted and expired ones too, oldest first. */
  sanctionsOn(userId: string): Promise<SanctionRecord[]>;
  /** The user's attendance in every session, by joinedAt. */
  attendanceOf(userId: string): Promise<AttendanceRecord[]>;
  /** Every assignment where the user is the member or the peer, ended ones too, oldest first. */
  assignmentsOf(userId: string): Promise<AssignmentRecord[]>;
  /** Crisis flags raised on the user's messages, oldest first. */
  flagsAbout(authorId: string): Promise<FlagRecord[]>;
  /** The reactions the user gave, in rooms and conversations, oldest first. */
  reactionsBy(userId: string): Promise<ReactionRecord[]>;
  /**
   * Erases the account in one go: the user record, memberships, read marks, availability,
   * attendance, sanctions against them and their places on session lists are deleted; their
   * messages are erased or kept under the pseudonym (in flag contexts too); every other record that
   * names them (audit log, flags, conversations, assignments, sessions, rooms) names the pseudonym
   * instead. Run again after a failure, it finishes the job.
   */
  eraseAccount(e: AccountErasure): Promise<ErasureResult>;
}
