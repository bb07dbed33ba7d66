import { Schema, type Connection } from "mongoose";
import type { SanctionKind } from "../../ports";

export interface SanctionDoc {
  _id: string;
  kind: SanctionKind;
  userId: string;
  roomId: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  liftedAt: Date | null;
}

const KINDS: SanctionKind[] = ["mute", "ban"];

const schema = new Schema<SanctionDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: KINDS, required: true },
    userId: { type: String, required: true },
    roomId: { type: String, default: null },
    reason: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    liftedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: "sanctions" },
);
// active and lift: a user's sanctions of one kind; the few that match are filtered further.
schema.index({ userId: 1, kind: 1 });
// A room's sanctions in force, for the moderators' list.
schema.index({ roomId: 1, liftedAt: 1 });

export const sanctionModel = (c: Connection) => c.model<SanctionDoc>("Sanction", schema);
