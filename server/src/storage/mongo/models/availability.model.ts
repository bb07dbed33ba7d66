import { Schema, type Connection } from "mongoose";
import type { AvailabilityStatus } from "../../ports";

// _id is the user's id: one status per user.
export interface AvailabilityDoc {
  _id: string;
  status: AvailabilityStatus;
  message: string | null;
  updatedAt: Date;
}

const STATUSES: AvailabilityStatus[] = ["available", "away"];

// Looked up by _id only.
const schema = new Schema<AvailabilityDoc>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: STATUSES, required: true },
    message: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "availability" },
);

export const availabilityModel = (c: Connection) => c.model<AvailabilityDoc>("Availability", schema);
