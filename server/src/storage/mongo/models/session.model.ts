import { Schema, type Connection } from "mongoose";
import type { Audience } from "../../ports";

export interface SessionDoc {
  _id: string;
  seriesId: string;
  roomId: string;
  title: string;
  topic: string | null;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  facilitatorIds: string[];
  moderatorIds: string[];
  audience: Audience;
  inviteeIds: string[];
  joinWindowMinutes: number;
  createdBy: string;
  createdAt: Date;
  cancelledAt: Date | null;
  endedAt: Date | null;
}

/**
 * The claim to end a session, _id its id: whoever inserts it is the one caller markEnded answers
 * true, since a unique insert is the only write atomic on every server this store supports.
 */
export interface SessionEndDoc {
  _id: string;
  at: Date;
}

const AUDIENCES: Audience[] = ["all", "invite"];

const schema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    seriesId: { type: String, required: true },
    roomId: { type: String, required: true },
    title: { type: String, required: true },
    topic: { type: String, default: null },
    description: { type: String, default: null },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    facilitatorIds: { type: [String], default: [] },
    moderatorIds: { type: [String], default: [] },
    audience: { type: String, enum: AUDIENCES, required: true },
    inviteeIds: { type: [String], default: [] },
    joinWindowMinutes: { type: Number, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    cancelledAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: "sessions" },
);
// findByRoom; a room belongs to one session at most.
schema.index({ roomId: 1 }, { unique: true });
// listBetween: startsAt < to, sorted by startsAt.
schema.index({ startsAt: 1, _id: 1 });
// dueToEnd: endedAt and cancelledAt null, endsAt <= now, sorted by endsAt.
schema.index({ endedAt: 1, cancelledAt: 1, endsAt: 1 });

// Looked up by _id only.
const endSchema = new Schema<SessionEndDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: "session_ends" });

export const sessionModel = (c: Connection) => c.model<SessionDoc>("Session", schema);
export const sessionEndModel = (c: Connection) => c.model<SessionEndDoc>("SessionEnd", endSchema);
