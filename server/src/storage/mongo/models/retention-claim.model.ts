import { Schema, type Connection } from "mongoose";

/** The claim of one retention sweep, _id `${dataClass}:${bucket}`: the node whose insert wins sweeps. */
export interface RetentionClaimDoc {
  _id: string;
  dataClass: string;
  bucket: number;
  at: Date;
}

const schema = new Schema<RetentionClaimDoc>(
  {
    _id: { type: String, required: true },
    dataClass: { type: String, required: true },
    bucket: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: "retention_claims" },
);
// pruneClaims.
schema.index({ at: 1 });

export const retentionClaimModel = (c: Connection) => c.model<RetentionClaimDoc>("RetentionClaim", schema);
