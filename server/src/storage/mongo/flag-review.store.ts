/**
 * The review list over MongoDB. Promotion and dismissal are one unique insert of the moderator's
 * decision (the only write FerretDB v1 makes atomic); the flag document is never rewritten. The
 * queue entries around that insert are ordered so that a call cut short leaves nothing a moderator
 * is shown wrongly: lists skip entries whose flag is not (or no longer) in their lane.
 */
import { trusted, type Model } from "mongoose";
import type { FlagRecord, FlagReviewStore } from "../ports";
import type { Guard } from "./errors";
import { inserted } from "./flags.store";
import type { FlagContextDoc, FlagDoc, FlagQueueDoc } from "./models/flag.model";
import type { FlagReviewDecisionDoc, FlagReviewQueueDoc } from "./models/flag-review.model";

export interface FlagReviewDeps {
  Flags: Model<FlagDoc>;
  Queue: Model<FlagQueueDoc>;
  Context: Model<FlagContextDoc>;
  Decisions: Model<FlagReviewDecisionDoc>;
  ReviewQueue: Model<FlagReviewQueueDoc>;
  findById(id: string): Promise<FlagRecord | null>;
  withDecisions(docs: FlagDoc[]): Promise<FlagRecord[]>;
}

export function mongoFlagReview(deps: FlagReviewDeps, guard: Guard): FlagReviewStore {
  const { Flags, Queue, Context, Decisions, ReviewQueue, findById, withDecisions } = deps;

  async function listReview({ before, limit }: Parameters<FlagReviewStore["listReview"]>[0]): Promise<FlagRecord[]> {
    const filter = before
      ? { $or: [{ createdAt: trusted({ $lt: before.createdAt }) }, { createdAt: before.createdAt, _id: trusted({ $lt: before.id }) }] }
      : {};
    const entries = await ReviewQueue.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<FlagReviewQueueDoc[]>();
    if (entries.length === 0) return [];
    const docs = await Flags.find({ _id: trusted({ $in: entries.map((e) => e._id) }) }).lean<FlagDoc[]>();
    const byId = new Map((await withDecisions(docs)).map((f) => [f.id, f]));
    return entries.map((e) => byId.get(e._id)).filter((f): f is FlagRecord => f?.lane === "list");
  }

  async function promote(id: string, by: string, at: Date): Promise<FlagRecord | null> {
    if ((await findById(id))?.lane !== "list") return null;
    // Queue entry first: one left behind by a lost race is skipped, since its flag is not in the page lane.
    await inserted(() => Queue.create({ _id: id }));
    if (!(await inserted(() => Decisions.create({ _id: id, decision: "promoted", by, at })))) {
      const other = await Decisions.findById(id).lean<FlagReviewDecisionDoc>();
      if (other?.decision === "dismissed") await Queue.deleteOne({ _id: id });
      return null;
    }
    await ReviewQueue.deleteOne({ _id: id });
    return findById(id);
  }

  async function dismiss(id: string, by: string, at: Date): Promise<FlagRecord | null> {
    if ((await findById(id))?.lane !== "list") return null;
    const won = await inserted(() => Decisions.create({ _id: id, decision: "dismissed", by, at }));
    if (!won) return null;
    await ReviewQueue.deleteOne({ _id: id });
    return findById(id);
  }

  async function purgeReview(before: Date): Promise<number> {
    const docs = await Flags.find({ lane: "list", createdAt: trusted({ $lt: before }) }).lean<FlagDoc[]>();
    let purged = 0;
    for (const f of await withDecisions(docs)) {
      if (f.lane === "page") continue;
      // The flag document last: a purge cut short is finished by the next one, which finds it again.
      await Context.deleteMany({ flagId: f.id });
      await ReviewQueue.deleteOne({ _id: f.id });
      await Queue.deleteOne({ _id: f.id });
      await Decisions.deleteOne({ _id: f.id });
      await Flags.deleteOne({ _id: f.id });
      purged++;
    }
    return purged;
  }

  return {
    listReview: (q) => guard(() => listReview(q)),
    promote: (id, by, at) => guard(() => promote(id, by, at)),
    dismiss: (id, by, at) => guard(() => dismiss(id, by, at)),
    purgeReview: (before) => guard(() => purgeReview(before)),
  };
}
