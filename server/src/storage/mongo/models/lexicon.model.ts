import { Schema, type Connection } from "mongoose";

export interface LexiconVersionDoc {
  _id: number;
  override: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
}

// _id is the version: the unique insert is what makes concurrent saves conflict instead of overwrite.
const schema = new Schema<LexiconVersionDoc>(
  {
    _id: { type: Number, required: true },
    override: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "lexicon_versions", minimize: false },
);

export const lexiconVersionModel = (c: Connection) => c.model<LexiconVersionDoc>("LexiconVersion", schema);
