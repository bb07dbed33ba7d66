import { Schema, type Connection } from "mongoose";

export interface PinnedDoc {
  body: string;
  byId: string;
  at: Date;
}

export interface RoomDoc {
  _id: string;
  name: string;
  topic: string | null;
  createdBy: string;
  createdAt: Date;
  // Optional: rooms stored before these settings existed lack them.
  sessionId?: string | null;
  locked?: boolean;
  slowModeSeconds?: number;
  pinned?: PinnedDoc | null;
}

const pinnedSchema = new Schema<PinnedDoc>(
  {
    body: { type: String, required: true },
    byId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const schema = new Schema<RoomDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    topic: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    sessionId: { type: String, default: null },
    locked: { type: Boolean, default: false },
    slowModeSeconds: { type: Number, default: 0 },
    pinned: { type: pinnedSchema, default: null },
  },
  { versionKey: false, collection: "rooms" },
);
// room:list pages in (createdAt, _id) order.
schema.index({ createdAt: 1, _id: 1 });
// A session's room by its sessionId; no RoomStore query uses it yet (sessions.roomId is the link read today).
schema.index({ sessionId: 1 });

export const roomModel = (c: Connection) => c.model<RoomDoc>("Room", schema);
