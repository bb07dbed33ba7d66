import { Schema, type Connection } from "mongoose";

export interface MessageDoc {
  _id: string;
  roomId: string;
  seq: number;
  authorId: string;
  authorName: string;
  body: string;
  clientMsgId: string;
  createdAt: Date;
  // Optional: messages stored before erasure existed lack it.
  deletedAt?: Date | null;
  // Optional for the same reason. Never updated: a release is its own record (MessageReleaseDoc).
  held?: boolean;
  // Set when the author edited it.
  editedAt?: Date | null;
}

/**
 * The end of a message's hold, _id the message id. A separate insert rather than an update of the
 * message, because FerretDB v1 rewrites a whole document from an earlier read: a release written
 * into the message could bring back a body erased at the same moment.
 */
export interface MessageReleaseDoc {
  _id: string;
  roomId: string;
  at: Date;
}

const schema = new Schema<MessageDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
    seq: { type: Number, required: true },
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    body: { type: String, required: true },
    clientMsgId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    deletedAt: { type: Date, default: null },
    held: { type: Boolean, default: false },
    editedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: "messages" },
);
// Sequence allocation and history both walk this index; its uniqueness is what makes seq gap-free.
schema.index({ roomId: 1, seq: 1 }, { unique: true });
// Idempotent retries. clientMsgId is always present, so no sparse or partial index is needed.
schema.index({ roomId: 1, clientMsgId: 1 }, { unique: true });
// A person's own messages, for their export and the erasure of their account.
schema.index({ authorId: 1, createdAt: 1, _id: 1 });
// The retention sweep reads old messages oldest first (storage/mongo/retention.store.ts).
schema.index({ createdAt: 1, _id: 1 });

export const messageModel = (c: Connection) => c.model<MessageDoc>("Message", schema);

// Looked up by _id only.
const releaseSchema = new Schema<MessageReleaseDoc>(
  { _id: { type: String, required: true }, roomId: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: "message_releases" },
);
export const messageReleaseModel = (c: Connection) => c.model<MessageReleaseDoc>("MessageRelease", releaseSchema);
