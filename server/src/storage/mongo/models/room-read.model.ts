import { Schema, type Connection } from "mongoose";

/**
 * One position a person has read up to in a group room, _id `${roomId}:${userId}:${seq}`. Raising a
 * mark inserts a position and prunes the lower ones, as conversation read marks do: FerretDB v1
 * rewrites whole documents, so a conditional update of one mark could be lowered by a racing caller.
 */
export interface RoomReadDoc {
  _id: string;
  roomId: string;
  userId: string;
  seq: number;
}

const schema = new Schema<RoomReadDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { versionKey: false, collection: "room_reads" },
);
// markRead (the highest first, pruning the lower), and a person's marks for a page of rooms, their
// export and their erasure (userId leads).
schema.index({ userId: 1, roomId: 1, seq: -1 });

export const roomReadId = (roomId: string, userId: string, seq: number): string => `${roomId}:${userId}:${seq}`;
export const roomReadModel = (c: Connection) => c.model<RoomReadDoc>("RoomRead", schema);
