import { trusted, type Model } from "mongoose";
import type { FlagHistoryStore } from "../history-ports";
import type { FlagRecord } from "../ports";
import type { Guard } from "./errors";
import type { FlagDoc, FlagResolutionDoc } from "./models/flag.model";

/**
 * A page of resolutions (each a record keyed by its flag id), newest first, then their flags. A
 * place filter first reads that place's flag ids: a place holds few flags next to all resolutions.
 */
export function mongoFlagHistory(
  deps: { Flags: Model<FlagDoc>; Resolutions: Model<FlagResolutionDoc>; withDecisions(docs: FlagDoc[]): Promise<FlagRecord[]> },
  guard: Guard,
): FlagHistoryStore {
  const { Flags, Resolutions, withDecisions } = deps;

  async function listResolved(q: Parameters<FlagHistoryStore["listResolved"]>[0]): Promise<FlagRecord[]> {
    const filter: Record<string, unknown> = {};
    if (q.outcome) filter["outcome"] = q.outcome;
    if (q.from || q.to) filter["at"] = trusted({ ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) });
    if (q.place) {
      const inPlace = await Flags.find({ placeKind: q.place.kind, placeId: q.place.id }, { _id: 1 }).lean<Pick<FlagDoc, "_id">[]>();
      filter["_id"] = trusted({ $in: inPlace.map((d) => d._id) });
    }
    if (q.before) filter["$or"] = [{ at: trusted({ $lt: q.before.resolvedAt }) }, { at: q.before.resolvedAt, _id: trusted({ $lt: q.before.id }) }];
    const resolutions = await Resolutions.find(filter).sort({ at: -1, _id: -1 }).limit(q.limit).lean<FlagResolutionDoc[]>();
    if (resolutions.length === 0) return [];
    const docs = await Flags.find({ _id: trusted({ $in: resolutions.map((r) => r._id) }) }).lean<FlagDoc[]>();
    const records = new Map((await withDecisions(docs)).map((f) => [f.id, f]));
    // In the resolutions' order; a resolution whose flag was deleted meanwhile is skipped.
    return resolutions.map((r) => records.get(r._id)).filter((f): f is FlagRecord => f !== undefined && f.lane === "page");
  }

  return { listResolved: (q) => guard(() => listResolved(q)) };
}
