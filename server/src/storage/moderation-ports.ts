/** Sanctions and the audit log. Part of the store's ports (ports.ts). */
import type { Role } from "../../../shared/dto";

export type SanctionKind = "mute" | "ban";

export interface SanctionRecord {
  id: string;
  kind: SanctionKind;
  userId: string;
  /** Null: every group session. */
  roomId: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: Date;
  /** Null: until lifted. */
  expiresAt: Date | null;
  liftedAt: Date | null;
}

export interface SanctionStore {
  create(sanction: SanctionRecord): Promise<SanctionRecord>;
  /**
   * Sanctions of that kind on the user in force at `now` (not lifted, not expired) that apply to
   * the room: those for the room itself and those for every session (roomId null).
   */
  active(kind: SanctionKind, userId: string, roomId: string, now: Date): Promise<SanctionRecord[]>;
  /** Lifts those in force at `now` with exactly this scope (roomId null: the all-sessions ones). Returns how many. */
  lift(kind: SanctionKind, userId: string, roomId: string | null, at: Date): Promise<number>;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string;
  actorRole: Role;
  action: string;
  targetUserId: string | null;
  roomId: string | null;
  sessionId: string | null;
  messageId: string | null;
  reason: string | null;
  /** Action-specific facts, for example a mute's duration. Never message bodies. */
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  roomId?: string;
  /** Entries where the user acted or was the target. */
  userId?: string;
  action?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit: number;
}

/** Append-only: there is no update and no delete. */
export interface AuditStore {
  append(entry: AuditRecord): Promise<void>;
  /** Newest first. */
  query(q: AuditQuery): Promise<AuditRecord[]>;
  /** Entries with this action and target at or after `since`: the warning ladder counts with it. */
  count(action: string, targetUserId: string, since: Date): Promise<number>;
}
