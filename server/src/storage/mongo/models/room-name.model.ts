import { Schema, type Connection } from "mongoose";

/**
 * A standing room's claim on its normalised name. _id is the key, so the claim is one insert under
 * the unique _id (the only write FerretDB v1 makes atomic) with no extra index to build over rooms
 * stored before names were unique.
 */
export interface RoomNameDoc {
  _id: string;
  roomId: string;
}

const schema = new Schema<RoomNameDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
  },
  { versionKey: false, collection: "room_names" },
);

export const roomNameModel = (c: Connection) => c.model<RoomNameDoc>("RoomName", schema);
