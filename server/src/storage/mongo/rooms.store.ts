import type { Model } from "mongoose";
import type { RoomRecord, RoomStore } from "../ports";
import type { Guard } from "./errors";
import type { RoomDoc } from "./models/room.model";
import { memberId, type RoomMemberDoc } from "./models/room-member.model";

const toRecord = (d: RoomDoc): RoomRecord => ({ id: d._id, name: d.name, topic: d.topic ?? null, createdBy: d.createdBy, createdAt: d.createdAt });

export function mongoRoomStore(Rooms: Model<RoomDoc>, Members: Model<RoomMemberDoc>, guard: Guard): RoomStore {
  return {
    create: (r) =>
      guard(async () => {
        await Rooms.create({ _id: r.id, name: r.name, topic: r.topic, createdBy: r.createdBy, createdAt: r.createdAt });
        return r;
      }),
    findById: (id) =>
      guard(async () => {
        const d = await Rooms.findById(id).lean<RoomDoc>();
        return d ? toRecord(d) : null;
      }),
    list: () => guard(async () => (await Rooms.find().sort({ createdAt: 1, _id: 1 }).lean<RoomDoc[]>()).map(toRecord)),
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
  };
}
