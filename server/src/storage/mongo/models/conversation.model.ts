import { Schema, type Connection } from "mongoose";

export interface ConversationDoc {
  _id: string;
  memberId: string;
  peerId: string;
  createdAt: Date;
  readOnlySince: Date | null;
}

/**
 * One read position of a user in a conversation, _id `${conversationId}:${userId}:${seq}`; the
 * user's mark is their highest. Raising a mark is an insert, atomic on every server this store
 * supports, where a conditional update of a single mark could be lowered by a concurrent caller.
 */
export interface ReadMarkDoc {
  _id: string;
  conversationId: string;
  userId: string;
  seq: number;
}

const schema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    peerId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readOnlySince: { type: Date, default: null },
  },
  { versionKey: false, collection: "conversations" },
);
// ensure (one conversation per pair), findByPair, and listFor's member side.
schema.index({ memberId: 1, peerId: 1 }, { unique: true });
// listFor, the peer's side.
schema.index({ peerId: 1 });

const readMarkSchema = new Schema<ReadMarkDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { versionKey: false, collection: "conversation_reads" },
);
// markRead (a user's highest seq first, and pruning the lower ones) and readMarks.
readMarkSchema.index({ conversationId: 1, userId: 1, seq: -1 });

export const readMarkId = (conversationId: string, userId: string, seq: number): string => `${conversationId}:${userId}:${seq}`;
export const conversationModel = (c: Connection) => c.model<ConversationDoc>("Conversation", schema);
export const readMarkModel = (c: Connection) => c.model<ReadMarkDoc>("ConversationRead", readMarkSchema);
