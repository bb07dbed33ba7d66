import { Schema, type Connection } from "mongoose";

export interface RoomMemberDoc {
  _id: string;
  roomId: string;
  userId: string;
  joinedAt: Date;
}

// _id is `${roomId}:${userId}`: one membership per pair without a second unique index.
const schema = new Schema<RoomMemberDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
    userId: { type: String, required: true },
    joinedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "room_members" },
);
schema.index({ userId: 1 });
schema.index({ roomId: 1 });

export const memberId = (roomId: string, userId: string): string => `${roomId}:${userId}`;
export const roomMemberModel = (c: Connection) => c.model<RoomMemberDoc>("RoomMember", schema);
