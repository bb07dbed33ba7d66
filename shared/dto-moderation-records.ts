/** Moderators' records: the staff to hand a flag to, sanctions in force, a member's history. */
import type { Role } from "./dto";

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
