import { Schema, type Connection } from "mongoose";

export interface ReactionDoc {
  _id: string;
  roomId: string;
  messageId: string;
  userId: string;
  emoji: string;
  createdAt: Date;
}

// _id is `${messageId}:${userId}:${emoji}`: one reaction per person and emoji without a second unique index.
const schema = new Schema<ReactionDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: String, required: true },
    messageId: { type: String, required: true },
    userId: { type: String, required: true },
    emoji: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "message_reactions" },
);
// Tallies for a page of history.
schema.index({ messageId: 1 });
// A person's own reactions, for their export and erasure.
schema.index({ userId: 1, createdAt: 1 });

export const reactionId = (messageId: string, userId: string, emoji: string): string => `${messageId}:${userId}:${emoji}`;
export const reactionModel = (c: Connection) => c.model<ReactionDoc>("Reaction", schema);
