import type { Model } from "mongoose";
import type { AssignmentRecord, AssignmentStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import { activeKey, type AssignmentDoc, type AssignmentEndDoc } from "./models/assignment.model";

const toRecord = (d: AssignmentDoc): AssignmentRecord => ({
  id: d._id,
  memberId: d.memberId,
  peerId: d.peerId,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  endedAt: d.endedAt ?? null,
});

const toDoc = (a: AssignmentRecord): AssignmentDoc => ({
  _id: a.id,
  memberId: a.memberId,
  peerId: a.peerId,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
  endedAt: a.endedAt,
  activeKey: a.endedAt === null ? activeKey(a.memberId, a.peerId) : a.id,
});

export function mongoAssignmentStore(Assignments: Model<AssignmentDoc>, Ends: Model<AssignmentEndDoc>, guard: Guard): AssignmentStore {
  const findOne = async (filter: Partial<Pick<AssignmentDoc, "_id" | "activeKey">>) => {
    const d = await Assignments.findOne(filter).lean<AssignmentDoc>();
    return d ? toRecord(d) : null;
  };

  /** The first caller's time is claimed by an insert; racing callers copy the claimed time, never their own. */
  async function end(id: string, at: Date): Promise<AssignmentRecord | null> {
    const current = await findOne({ _id: id });
    if (!current || current.endedAt) return current;
    let endedAt = at;
    try {
      await Ends.create({ _id: id, at });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      endedAt = (await Ends.findById(id).lean<AssignmentEndDoc>())?.at ?? at;
    }
    // Freeing the activeKey lets the pair be assigned again.
    await Assignments.updateOne({ _id: id, endedAt: null }, { $set: { endedAt, activeKey: id } });
    return findOne({ _id: id });
  }

  return {
    // A second active assignment of the pair hits the activeKey index; guard makes that a StoreConflictError.
    create: (a) =>
      guard(async () => {
        const doc = toDoc(a);
        await Assignments.create(doc);
        return toRecord(doc);
      }),
    findById: (id) => guard(() => findOne({ _id: id })),
    end: (id, at) => guard(() => end(id, at)),
    activeFor: (userId) =>
      guard(async () => {
        const docs = await Assignments.find({ $or: [{ memberId: userId }, { peerId: userId }], endedAt: null })
          .sort({ createdAt: 1, _id: 1 })
          .lean<AssignmentDoc[]>();
        return docs.map(toRecord);
      }),
    activeForPair: (memberId, peerId) => guard(() => findOne({ activeKey: activeKey(memberId, peerId) })),
  };
}
