import { trusted, type Model } from "mongoose";
import type { AssignmentStore, FlagStore } from "../ports";
import type { PersonalDataStore } from "../personal-data-ports";
import { mongoAccountErasure, type ErasureModels } from "./account-erasure.store";
import { toRecord as toAttendance } from "./attendance.store";
import type { Guard } from "./errors";
import { toRecord as toMessage } from "./messages.store";
import type { AssignmentDoc } from "./models/assignment.model";
import type { FlagDoc } from "./models/flag.model";
import type { MessageReleaseDoc } from "./models/message.model";
import { toRecord as toSanction } from "./sanctions.store";

export interface PersonalDataModels extends ErasureModels {
  Releases: Model<MessageReleaseDoc>;
  Assignments: Model<AssignmentDoc>;
  Flags: Model<FlagDoc>;
}

/** Flags and assignments are read back through their own stores, which join their claims, resolutions and ends. */
export function mongoPersonalDataStore(m: PersonalDataModels, stores: { flags: FlagStore; assignments: AssignmentStore }, guard: Guard): PersonalDataStore {
  const byIds = async <T>(ids: string[], find: (id: string) => Promise<T | null>): Promise<T[]> =>
    (await Promise.all(ids.map(find))).filter((x): x is Awaited<T> & NonNullable<T> => x !== null);

  return {
    messagesBy: (authorId, { after, limit }) =>
      guard(async () => {
        const cursor = after ? { $or: [{ createdAt: trusted({ $gt: after.createdAt }) }, { createdAt: after.createdAt, _id: trusted({ $gt: after.id }) }] } : {};
        const docs = await m.Messages.find(trusted({ authorId, ...cursor })).sort({ createdAt: 1, _id: 1 }).limit(limit).lean();
        const held = docs.filter((d) => d.held).map((d) => d._id);
        const released = new Set(held.length ? (await m.Releases.find({ _id: trusted({ $in: held }) }, { _id: 1 }).lean()).map((r) => r._id) : []);
        return docs.map((d) => toMessage(d, released.has(d._id)));
      }),
    sanctionsOn: (userId) => guard(async () => (await m.Sanctions.find({ userId }).sort({ createdAt: 1, _id: 1 }).lean()).map(toSanction)),
    attendanceOf: (userId) => guard(async () => (await m.Attendance.find({ userId }).sort({ joinedAt: 1, _id: 1 }).lean()).map(toAttendance)),
    assignmentsOf: async (userId) => {
      const ids = await guard(async () => (await m.Assignments.find(trusted({ $or: [{ memberId: userId }, { peerId: userId }] }), { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean()).map((d) => d._id));
      return byIds(ids, (id) => stores.assignments.findById(id));
    },
    flagsAbout: async (authorId) => {
      const ids = await guard(async () => (await m.Flags.find({ authorId }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean()).map((d) => d._id));
      return byIds(ids, (id) => stores.flags.findById(id));
    },
    reactionsBy: (userId) =>
      guard(async () =>
        (await m.Reactions.find({ userId }).sort({ createdAt: 1, messageId: 1, emoji: 1 }).lean()).map((d) => ({ roomId: d.roomId, messageId: d.messageId, emoji: d.emoji, createdAt: d.createdAt })),
      ),
    eraseAccount: mongoAccountErasure(m, guard),
  };
}
