import { Schema, type Connection } from "mongoose";

export interface ReportDoc {
  _id: string;
  flagId: string;
  reporterId: string;
  subject: string;
  targetUserId: string;
  reason: string;
  note: string | null;
  createdAt: Date;
}

const schema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    flagId: { type: String, required: true },
    reporterId: { type: String, required: true },
    subject: { type: String, required: true },
    targetUserId: { type: String, required: true },
    reason: { type: String, required: true },
    note: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "member_reports" },
);
// One report per reporter and subject: the unique index makes a repeated report harmless.
schema.index({ reporterId: 1, subject: 1 }, { unique: true });
schema.index({ subject: 1, createdAt: -1 });
schema.index({ flagId: 1 });
schema.index({ reporterId: 1, createdAt: 1 });
schema.index({ targetUserId: 1 });

export const reportModel = (c: Connection) => c.model<ReportDoc>("MemberReport", schema);
