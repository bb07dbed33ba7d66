import { Schema, type Connection } from "mongoose";

/**
 * Shadow matches of one entry under one lexicon version on one UTC day, as added by one flush of
 * one node. Insert-only, summed when read: FerretDB v1 applies an update by rewriting the whole
 * document from an earlier read, so two nodes incrementing one total at once would lose a count.
 */
export interface ShadowHitDoc {
  _id: string;
  entryId: string;
  lexiconVersion: string;
  day: string;
  count: number;
  lastSeenAt: Date;
}

const schema = new Schema<ShadowHitDoc>(
  {
    _id: { type: String, required: true },
    entryId: { type: String, required: true },
    lexiconVersion: { type: String, required: true },
    day: { type: String, required: true },
    count: { type: Number, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "lexicon_shadow_hits" },
);
// listShadowHits: the days on or after one.
schema.index({ day: 1 });

export const shadowHitModel = (c: Connection) => c.model<ShadowHitDoc>("ShadowHit", schema);
