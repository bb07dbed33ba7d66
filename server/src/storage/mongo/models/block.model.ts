import { Schema, type Connection } from "mongoose";

export interface BlockDoc {
  _id: string;
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}

// _id is `${blockerId}:${blockedId}`: one record per pair without a second unique index.
const schema = new Schema<BlockDoc>(
  {
    _id: { type: String, required: true },
    blockerId: { type: String, required: true },
    blockedId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "user_blocks" },
);
// The blocker's own list, and the broadcast's "who blocked this author".
schema.index({ blockerId: 1 });
schema.index({ blockedId: 1 });

export const blockId = (blockerId: string, blockedId: string): string => `${blockerId}:${blockedId}`;
export const blockModel = (c: Connection) => c.model<BlockDoc>("Block", schema);
