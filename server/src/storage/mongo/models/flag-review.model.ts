import { Schema, type Connection } from "mongoose";

/**
 * What a moderator decided about a review item, _id the flag id: promoted to the queue or
 * dismissed. One insert under the unique _id decides, the only write FerretDB v1 makes atomic, so
 * a promotion and a dismissal racing for one item cannot both win; the flag document is not
 * rewritten (see FlagDoc).
 */
export interface FlagReviewDecisionDoc {
  _id: string;
  decision: "promoted" | "dismissed";
  by: string;
  at: Date;
}

/** One entry per item on the review list, _id the flag id: the list without a partial index. */
export interface FlagReviewQueueDoc {
  _id: string;
  createdAt: Date;
}

const decisionSchema = new Schema<FlagReviewDecisionDoc>(
  {
    _id: { type: String, required: true },
    decision: { type: String, enum: ["promoted", "dismissed"], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: "flag_review_decisions" },
);
// listRecent of the page lane: recent promotions.
decisionSchema.index({ decision: 1, at: -1 });

const reviewQueueSchema = new Schema<FlagReviewQueueDoc>(
  { _id: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { versionKey: false, collection: "flag_review_queue" },
);
// listReview: newest first, a page at a time.
reviewQueueSchema.index({ createdAt: -1, _id: -1 });

export const flagReviewDecisionModel = (c: Connection) => c.model<FlagReviewDecisionDoc>("FlagReviewDecision", decisionSchema);
export const flagReviewQueueModel = (c: Connection) => c.model<FlagReviewQueueDoc>("FlagReviewQueue", reviewQueueSchema);
