import { Schema, type Connection } from "mongoose";
import { ROLES, type Role } from "../../../../../shared/dto";

export interface AuditDoc {
  _id: string;
  at: Date;
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

const schema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorRole: { type: String, enum: ROLES, required: true },
    action: { type: String, required: true },
    targetUserId: { type: String, default: null },
    roomId: { type: String, default: null },
    sessionId: { type: String, default: null },
    messageId: { type: String, default: null },
    reason: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: null },
  },
  // minimize: false keeps empty details ({}) as they were written instead of dropping them.
  { versionKey: false, collection: "audit_log", minimize: false },
);
// query by room, newest first.
schema.index({ roomId: 1, at: -1, _id: -1 });
// query by user, the side where the user acted.
schema.index({ actorId: 1, at: -1, _id: -1 });
// query by user, the side where the user was the target; and count(action, target, since).
schema.index({ targetUserId: 1, action: 1, at: -1, _id: -1 });
// query with no room or user, newest first.
schema.index({ at: -1, _id: -1 });

export const auditModel = (c: Connection) => c.model<AuditDoc>("Audit", schema);
