import { Schema, type Connection } from "mongoose";
import type { OncallOutcome } from "../../ports";

/** One attempt to call the on-call webhook; insert-only. */
export interface OncallAttemptDoc {
  _id: string;
  deliveryId: string;
  event: string;
  flagId: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: Date;
  outcome: OncallOutcome;
}

const OUTCOMES: OncallOutcome[] = ["retrying", "delivered", "gave_up"];

const schema = new Schema<OncallAttemptDoc>(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    event: { type: String, required: true },
    flagId: { type: String, required: true },
    attempt: { type: Number, required: true },
    status: { type: Number, default: null },
    error: { type: String, default: null },
    at: { type: Date, required: true },
    outcome: { type: String, enum: OUTCOMES, required: true },
  },
  { versionKey: false, collection: "oncall_attempts" },
);
// list: one flag's attempts, or all, newest first.
schema.index({ flagId: 1, at: -1, attempt: -1 });
schema.index({ at: -1, attempt: -1 });

export const oncallAttemptModel = (c: Connection) => c.model<OncallAttemptDoc>("OncallAttempt", schema);
