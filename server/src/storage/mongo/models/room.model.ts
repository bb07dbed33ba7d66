import { Schema, type Connection } from "mongoose";

export interface RoomDoc {
  _id: string;
  name: string;
  topic: string | null;
  createdBy: string;
  createdAt: Date;
}

const schema = new Schema<RoomDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    topic: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "rooms" },
);
schema.index({ createdAt: 1 });

export const roomModel = (c: Connection) => c.model<RoomDoc>("Room", schema);
