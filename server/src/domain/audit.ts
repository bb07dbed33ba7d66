/** The moderation audit log: written by every moderation action, read by admins only. */
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { forbidden } from "./errors";
import { toAuditEntry } from "./mappers";
import type { AuditRecord, Store } from "../storage/ports";

export type AuditFields = Partial<Pick<AuditRecord, "targetUserId" | "roomId" | "sessionId" | "messageId" | "reason" | "details">>;

export interface AuditService {
  record(actor: Actor, action: string, fields: AuditFields): Promise<void>;
  query(actor: Actor, q: { roomId?: string; userId?: string; action?: string; from?: Date; to?: Date; limit?: number }): Promise<AuditEntry[]>;
}

export const DEFAULT_AUDIT_LIMIT = 100;

export function createAuditService(deps: { store: Store; clock: Clock }): AuditService {
  const { store, clock } = deps;
  return {
    async record(actor, action, fields) {
      await store.audit.append({
        id: randomUUID(),
        at: clock.now(),
        actorId: actor.userId,
        actorRole: actor.role,
        action,
        targetUserId: fields.targetUserId ?? null,
        roomId: fields.roomId ?? null,
        sessionId: fields.sessionId ?? null,
        messageId: fields.messageId ?? null,
        reason: fields.reason ?? null,
        details: fields.details ?? null,
      });
    },
    async query(actor, q) {
      if (actor.role !== "admin") throw forbidden("Only admins can read the audit log.");
      return (await store.audit.query({ ...q, limit: q.limit ?? DEFAULT_AUDIT_LIMIT })).map(toAuditEntry);
    },
  };
}
