import { trusted, type FilterQuery, type Model } from "mongoose";
import type { AuditQuery, AuditRecord, AuditStore } from "../ports";
import type { Guard } from "./errors";
import type { AuditDoc } from "./models/audit.model";

const toRecord = (d: AuditDoc): AuditRecord => ({
  id: d._id,
  at: d.at,
  actorId: d.actorId,
  actorRole: d.actorRole,
  action: d.action,
  targetUserId: d.targetUserId ?? null,
  roomId: d.roomId ?? null,
  sessionId: d.sessionId ?? null,
  messageId: d.messageId ?? null,
  reason: d.reason ?? null,
  details: d.details ?? null,
});

const toDoc = ({ id, ...rest }: AuditRecord): AuditDoc => ({ _id: id, ...rest });

function toFilter(q: AuditQuery): FilterQuery<AuditDoc> {
  const filter: FilterQuery<AuditDoc> = {};
  if (q.roomId !== undefined) filter.roomId = q.roomId;
  if (q.action !== undefined) filter.action = q.action;
  if (q.userId !== undefined) filter.$or = [{ actorId: q.userId }, { targetUserId: q.userId }];
  const at: { $gte?: Date; $lt?: Date } = {};
  if (q.from !== undefined) at.$gte = q.from;
  if (q.to !== undefined) at.$lt = q.to;
  // sanitizeFilter neutralises operators in filters; these bounds are Dates built here, so say so.
  if (Object.keys(at).length > 0) filter.at = trusted(at);
  return filter;
}

/** Append-only: nothing here updates or deletes an entry. */
export function mongoAuditStore(Audit: Model<AuditDoc>, guard: Guard): AuditStore {
  return {
    append: (entry) =>
      guard(async () => {
        await Audit.create(toDoc(entry));
      }),
    query: (q) =>
      guard(async () => (await Audit.find(toFilter(q)).sort({ at: -1, _id: -1 }).limit(q.limit).lean<AuditDoc[]>()).map(toRecord)),
    count: (action, targetUserId, since) => guard(() => Audit.countDocuments({ action, targetUserId, at: trusted({ $gte: since }) })),
  };
}
