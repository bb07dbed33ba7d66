import { Schema, type Connection } from "mongoose";

/** One sealed sample per data encryption key, _id the key id: tells a wrong key at start-up. */
export interface KeyCanaryDoc {
  _id: string;
  sealed: string;
}

// Looked up whole; the insert under the unique _id keeps the first sample.
const schema = new Schema<KeyCanaryDoc>({ _id: { type: String, required: true }, sealed: { type: String, required: true } }, { versionKey: false, collection: "key_canaries" });

export const keyCanaryModel = (c: Connection) => c.model<KeyCanaryDoc>("KeyCanary", schema);
