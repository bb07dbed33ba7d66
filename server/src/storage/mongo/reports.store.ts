import { trusted, type Model } from "mongoose";
import type { ReportRecord, ReportStore } from "../report-ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { ReportDoc } from "./models/report.model";

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

export function mongoReportStore(Reports: Model<ReportDoc>, guard: Guard): ReportStore {
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
    by: (reporterId) => guard(async () => (await Reports.find({ reporterId }).sort({ createdAt: 1, _id: 1 }).lean<ReportDoc[]>()).map(toRecord)),
  };
}
