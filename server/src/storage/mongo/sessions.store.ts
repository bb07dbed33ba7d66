import { trusted, type Model } from "mongoose";
import type { SessionPatch, SessionRecord, SessionStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { SessionDoc, SessionEndDoc } from "./models/session.model";

const toRecord = (d: SessionDoc): SessionRecord => ({
  id: d._id,
  seriesId: d.seriesId,
  roomId: d.roomId,
  title: d.title,
  topic: d.topic ?? null,
  description: d.description ?? null,
  startsAt: d.startsAt,
  endsAt: d.endsAt,
  capacity: d.capacity,
  facilitatorIds: [...d.facilitatorIds],
  moderatorIds: [...d.moderatorIds],
  audience: d.audience,
  inviteeIds: [...d.inviteeIds],
  joinWindowMinutes: d.joinWindowMinutes,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  cancelledAt: d.cancelledAt ?? null,
  endedAt: d.endedAt ?? null,
});

const toDoc = ({ id, ...rest }: SessionRecord): SessionDoc => ({ _id: id, ...rest });

const PATCHABLE: (keyof SessionPatch)[] = [
  "title",
  "topic",
  "description",
  "startsAt",
  "endsAt",
  "capacity",
  "facilitatorIds",
  "moderatorIds",
  "audience",
  "inviteeIds",
  "joinWindowMinutes",
];

/** The named fields only: a patch may be a wider object, and absent fields stay as they are. */
function patchUpdate(patch: SessionPatch): SessionPatch {
  const set: Record<string, unknown> = {};
  for (const key of PATCHABLE) if (patch[key] !== undefined) set[key] = patch[key];
  return set as SessionPatch;
}

export function mongoSessionStore(Sessions: Model<SessionDoc>, Ends: Model<SessionEndDoc>, guard: Guard): SessionStore {
  const findOne = async (filter: Partial<Pick<SessionDoc, "_id" | "roomId">>) => {
    const d = await Sessions.findOne(filter).lean<SessionDoc>();
    return d ? toRecord(d) : null;
  };
  /**
   * A conditional update is not enough: FerretDB v1 applies concurrent updates without checking
   * the filter again, so several callers would see endedAt null. The end is claimed by an insert
   * instead, then copied onto the session. Every caller copies the claimed time, so a claimant
   * that stopped before copying is completed by the next caller.
   */
  async function markEnded(id: string, at: Date): Promise<boolean> {
    const session = await findOne({ _id: id });
    if (!session || session.endedAt) return false;
    let claimed = true;
    try {
      await Ends.create({ _id: id, at });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      claimed = false;
    }
    const end = claimed ? { at } : await Ends.findById(id).lean<SessionEndDoc>();
    if (end) await Sessions.updateOne({ _id: id, endedAt: null }, { $set: { endedAt: end.at } });
    return claimed;
  }

  const findMany = async (query: ReturnType<typeof Sessions.find>) => (await query.lean<SessionDoc[]>()).map(toRecord);

  return {
    create: (s) =>
      guard(async () => {
        await Sessions.create(toDoc(s));
        return s;
      }),
    findById: (id) => guard(() => findOne({ _id: id })),
    findByRoom: (roomId) => guard(() => findOne({ roomId })),
    findByIds: (ids) => guard(() => (ids.length === 0 ? Promise.resolve([]) : findMany(Sessions.find({ _id: trusted({ $in: ids }) })))),
    update: (id, patch) =>
      guard(async () => {
        const set = patchUpdate(patch);
        if (Object.keys(set).length === 0) return findOne({ _id: id });
        const d = await Sessions.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<SessionDoc>();
        return d ? toRecord(d) : null;
      }),
    cancel: (id, at) =>
      guard(async () => {
        // Only a session not yet cancelled is touched, so a repeat keeps the first time.
        await Sessions.updateOne({ _id: id, cancelledAt: null }, { $set: { cancelledAt: at } });
        return findOne({ _id: id });
      }),
    listBetween: (from, to) =>
      guard(() => findMany(Sessions.find({ startsAt: trusted({ $lt: to }), endsAt: trusted({ $gt: from }) }).sort({ startsAt: 1, _id: 1 }))),
    dueToEnd: (now, limit) =>
      guard(() =>
        findMany(
          Sessions.find({ endedAt: null, cancelledAt: null, endsAt: trusted({ $lte: now }) })
            .sort({ endsAt: 1, _id: 1 })
            .limit(limit),
        ),
      ),
    markEnded: (id, at) => guard(() => markEnded(id, at)),
  };
}
