import { trusted, type Model } from "mongoose";
import type { ReportRecord, ReportStore } from "../report-ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { ReportDoc } from "./models/report.model";
import type { FlagDoc } from "./models/flag.model";

const toRecord = (d: ReportDoc): ReportRecord => ({
  id: d._id,
  flagId: d.flagId,
  reporterId: d.reporterId,
  subject: d.subject,
  targetUserId: d.targetUserId,
  reason: d.reason,
  note: d.note ?? null,
  createdAt: d.createdAt,
});

export function mongoReportStore(Reports: Model<ReportDoc>, Flags: Model<FlagDoc>, guard: Guard): ReportStore {
  return {
    create: (r) =>
      guard(async () => {
        try {
          await Reports.create({ _id: r.id, flagId: r.flagId, reporterId: r.reporterId, subject: r.subject, targetUserId: r.targetUserId, reason: r.reason, note: r.note, createdAt: r.createdAt });
          return { report: r, created: true };
        } catch (e) {
          // The unique (reporterId, subject) index: this person reported it already.
          if (!isDuplicateKey(e)) throw e;
          const stored = await Reports.findOne({ reporterId: r.reporterId, subject: r.subject }).lean<ReportDoc>();
          return { report: stored ? toRecord(stored) : r, created: false };
        }
      }),
    latestFor: (subject) =>
      guard(async () => {
        const d = await Reports.findOne({ subject }).sort({ createdAt: -1, _id: -1 }).lean<ReportDoc>();
        return d ? toRecord(d) : null;
      }),
    forFlags: (flagIds) =>
      guard(async () => (flagIds.length === 0 ? [] : (await Reports.find({ flagId: trusted({ $in: flagIds }) }).sort({ createdAt: 1, _id: 1 }).lean<ReportDoc[]>()).map(toRecord))),
    madeSince: (reporterId, since) =>
      guard(async () => (await Reports.find({ reporterId, createdAt: trusted({ $gte: since }) }).sort({ createdAt: 1 }).lean<ReportDoc[]>()).map((d) => d.createdAt)),
    purgeOrphans: (before) =>
      guard(async () => {
        // Two reads and a delete, not a $lookup: FerretDB v1's aggregation support is partial.
        const flagIds = [...new Set((await Reports.find({ createdAt: trusted({ $lt: before }) }, { flagId: 1 }).lean<Pick<ReportDoc, "flagId">[]>()).map((d) => d.flagId))];
        if (flagIds.length === 0) return 0;
        const live = new Set((await Flags.find({ _id: trusted({ $in: flagIds }) }, { _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id));
        const gone = flagIds.filter((id) => !live.has(id));
        if (gone.length === 0) return 0;
        return (await Reports.deleteMany({ createdAt: trusted({ $lt: before }), flagId: trusted({ $in: gone }) })).deletedCount;
      }),
    by: (reporterId) => guard(async () => (await Reports.find({ reporterId }).sort({ createdAt: 1, _id: 1 }).lean<ReportDoc[]>()).map(toRecord)),
  };
}
