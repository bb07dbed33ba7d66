import { Schema, type Connection } from "mongoose";

/**
 * A change of a flag's holder after its first claim (flag_claims): numbered 1, 2, … per flag, the
 * _id `${flagId}#${gen}`. The insert under the unique _id is the only write FerretDB v1 makes
 * atomic, so two handovers from the same holder cannot both win. `by` null: back to the queue.
 */
export interface FlagHandoverDoc {
  _id: string;
  flagId: string;
  gen: number;
  by: string | null;
  at: Date;
}

const handoverSchema = new Schema<FlagHandoverDoc>(
  {
    _id: { type: String, required: true },
    flagId: { type: String, required: true },
    gen: { type: Number, required: true },
    by: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: "flag_handovers" },
);
// Read per flag, and for a page of flags.
handoverSchema.index({ flagId: 1 });

export const flagHandoverModel = (c: Connection) => c.model<FlagHandoverDoc>("FlagHandover", handoverSchema);
