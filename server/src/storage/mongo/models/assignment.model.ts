import { Schema, type Connection } from "mongoose";

export interface AssignmentDoc {
  _id: string;
  memberId: string;
  peerId: string;
  createdBy: string;
  createdAt: Date;
  endedAt: Date | null;
  /**
   * `${memberId}:${peerId}` while active, the assignment's own id once ended. Its unique index
   * admits one active assignment per pair with a single insert, the only write atomic on every
   * server this store supports, and with no transaction or partial index.
   */
  activeKey: string;
}

/**
 * The claim to end an assignment, _id its id. Concurrent conditional updates of endedAt all
 * succeed on FerretDB v1, so the first time is claimed by an insert and every caller copies it.
 */
export interface AssignmentEndDoc {
  _id: string;
  at: Date;
}

const schema = new Schema<AssignmentDoc>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    peerId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    activeKey: { type: String, required: true },
  },
  { versionKey: false, collection: "assignments" },
);
// create (one active assignment per pair) and activeForPair.
schema.index({ activeKey: 1 }, { unique: true });
// activeFor, the member's side: active ones by createdAt.
schema.index({ memberId: 1, endedAt: 1, createdAt: 1, _id: 1 });
// activeFor, the peer's side.
schema.index({ peerId: 1, endedAt: 1, createdAt: 1, _id: 1 });

// Looked up by _id only.
const endSchema = new Schema<AssignmentEndDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: "assignment_ends" },
);

export const activeKey = (memberId: string, peerId: string): string => `${memberId}:${peerId}`;
export const assignmentModel = (c: Connection) => c.model<AssignmentDoc>("Assignment", schema);
export const assignmentEndModel = (c: Connection) => c.model<AssignmentEndDoc>("AssignmentEnd", endSchema);
