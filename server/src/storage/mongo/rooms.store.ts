import { trusted, type Model } from "mongoose";
import type { PinnedRecord, RoomRecord, RoomSettingsPatch, RoomStore } from "../ports";
import type { Guard } from "./errors";
import type { PinnedDoc, RoomDoc } from "./models/room.model";
import { memberId, type RoomMemberDoc } from "./models/room-member.model";
import type { RoomNameDoc } from "./models/room-name.model";

const toPinned = (p: PinnedDoc | null | undefined): PinnedRecord | null => (p ? { body: p.body, byId: p.byId, at: p.at } : null);

const toRecord = (d: RoomDoc): RoomRecord => ({
  id: d._id,
  name: d.name,
  topic: d.topic ?? null,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  sessionId: d.sessionId ?? null,
  locked: d.locked ?? false,
  slowModeSeconds: d.slowModeSeconds ?? 0,
  pinned: toPinned(d.pinned),
});

/** Only the fields the patch names, so an absent field is left as it is. */
function settingsUpdate(patch: RoomSettingsPatch): Partial<Pick<RoomDoc, "locked" | "slowModeSeconds" | "pinned">> {
  const set: Partial<Pick<RoomDoc, "locked" | "slowModeSeconds" | "pinned">> = {};
  if (patch.locked !== undefined) set.locked = patch.locked;
  if (patch.slowModeSeconds !== undefined) set.slowModeSeconds = patch.slowModeSeconds;
  if (patch.pinned !== undefined) set.pinned = toPinned(patch.pinned);
  return set;
}

export function mongoRoomStore(Rooms: Model<RoomDoc>, Members: Model<RoomMemberDoc>, Names: Model<RoomNameDoc>, guard: Guard): RoomStore {
  const insertRoom = async (r: RoomRecord) => {
    await Rooms.create({
      _id: r.id,
      name: r.name,
      topic: r.topic,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      sessionId: r.sessionId,
      locked: r.locked,
      slowModeSeconds: r.slowModeSeconds,
      pinned: toPinned(r.pinned),
    });
    return r;
  };

  const findById = async (id: string) => {
    const d = await Rooms.findById(id).lean<RoomDoc>();
    return d ? toRecord(d) : null;
  };

  return {
    create: (r) => guard(() => insertRoom(r)),
    createNamed: (r, nameKey) =>
      guard(async () => {
        // The claim first: a duplicate key here is the conflict, and no room was written.
        await Names.create({ _id: nameKey, roomId: r.id });
        try {
          return await insertRoom(r);
        } catch (e) {
          // No transactions on FerretDB v1: give the name back so a retry can take it.
          await Names.deleteOne({ _id: nameKey, roomId: r.id }).catch(() => undefined);
          throw e;
        }
      }),
    findById: (id) => guard(() => findById(id)),
    list: () => guard(async () => (await Rooms.find().sort({ createdAt: 1, _id: 1 }).lean<RoomDoc[]>()).map(toRecord)),
    listPage: ({ after, limit }) =>
      guard(async () => {
        // sanitizeFilter neutralises operators in filters; the cursor was decoded and checked by the domain.
        const filter = after ? { $or: [{ createdAt: trusted({ $gt: after.createdAt }) }, { createdAt: after.createdAt, _id: trusted({ $gt: after.id }) }] } : {};
        return (await Rooms.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<RoomDoc[]>()).map(toRecord);
      }),
    addMember: (roomId, userId, at) =>
      guard(async () => {
        // Upsert keeps the first join time and makes repeated joins harmless.
        await Members.updateOne({ _id: memberId(roomId, userId) }, { $setOnInsert: { roomId, userId, joinedAt: at } }, { upsert: true });
      }),
    removeMember: (roomId, userId) =>
      guard(async () => {
        await Members.deleteOne({ _id: memberId(roomId, userId) });
      }),
    isMember: (roomId, userId) => guard(async () => (await Members.exists({ _id: memberId(roomId, userId) })) !== null),
    updateSettings: (roomId, patch) =>
      guard(async () => {
        const set = settingsUpdate(patch);
        if (Object.keys(set).length === 0) return findById(roomId);
        const d = await Rooms.findOneAndUpdate({ _id: roomId }, { $set: set }, { new: true }).lean<RoomDoc>();
        return d ? toRecord(d) : null;
      }),
  };
}
