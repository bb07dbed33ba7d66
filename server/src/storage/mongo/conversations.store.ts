import { trusted, type Model } from "mongoose";
import { StoreConflictError, type ConversationRecord, type ConversationStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import { readMarkId, type ConversationDoc, type ReadMarkDoc } from "./models/conversation.model";

const toRecord = (d: ConversationDoc): ConversationRecord => ({
  id: d._id,
  memberId: d.memberId,
  peerId: d.peerId,
  createdAt: d.createdAt,
  readOnlySince: d.readOnlySince ?? null,
});

const toDoc = (c: ConversationRecord): ConversationDoc => ({
  _id: c.id,
  memberId: c.memberId,
  peerId: c.peerId,
  createdAt: c.createdAt,
  readOnlySince: c.readOnlySince,
});

export function mongoConversationStore(Conversations: Model<ConversationDoc>, Reads: Model<ReadMarkDoc>, guard: Guard): ConversationStore {
  const findOne = async (filter: Partial<Pick<ConversationDoc, "_id" | "memberId" | "peerId">>) => {
    const d = await Conversations.findOne(filter).lean<ConversationDoc>();
    return d ? toRecord(d) : null;
  };

  // The {memberId, peerId} unique index lets one insert per pair in; every other caller reads the winner's.
  async function ensure(c: ConversationRecord): Promise<ConversationRecord> {
    const doc = toDoc(c);
    try {
      await Conversations.create(doc);
      return toRecord(doc);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const existing = await findOne({ memberId: c.memberId, peerId: c.peerId });
    if (!existing) throw new StoreConflictError("conversation id already used by another pair");
    return existing;
  }

  const readMark = async (conversationId: string, userId: string): Promise<number | null> => {
    const top = await Reads.findOne({ conversationId, userId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<ReadMarkDoc, "seq">>();
    return top?.seq ?? null;
  };

  async function markRead(conversationId: string, userId: string, seq: number): Promise<number> {
    const current = await readMark(conversationId, userId);
    if (current !== null && current >= seq) return current;
    try {
      await Reads.create({ _id: readMarkId(conversationId, userId, seq), conversationId, userId, seq });
    } catch (e) {
      // A concurrent call stored the same seq: the position is recorded either way.
      if (!isDuplicateKey(e)) throw e;
    }
    const mark = (await readMark(conversationId, userId)) ?? seq;
    // Only positions below a stored one are removed, so the highest is never deleted by anyone.
    await Reads.deleteMany({ conversationId, userId, seq: trusted({ $lt: mark }) });
    return mark;
  }

  async function readMarks(conversationId: string): Promise<Record<string, number>> {
    const docs = await Reads.find({ conversationId }).select({ userId: 1, seq: 1 }).lean<Pick<ReadMarkDoc, "userId" | "seq">[]>();
    const marks = new Map<string, number>();
    // Lower positions a concurrent markRead has not pruned yet may remain; the highest is the mark.
    for (const d of docs) marks.set(d.userId, Math.max(marks.get(d.userId) ?? d.seq, d.seq));
    return Object.fromEntries(marks);
  }

  return {
    ensure: (c) => guard(() => ensure(c)),
    findById: (id) => guard(() => findOne({ _id: id })),
    findByPair: (memberId, peerId) => guard(() => findOne({ memberId, peerId })),
    listFor: (userId) =>
      guard(async () => {
        const docs = await Conversations.find({ $or: [{ memberId: userId }, { peerId: userId }] })
          .sort({ createdAt: 1, _id: 1 })
          .lean<ConversationDoc[]>();
        return docs.map(toRecord);
      }),
    setReadOnly: (id, since) =>
      guard(async () => {
        const d = await Conversations.findOneAndUpdate({ _id: id }, { $set: { readOnlySince: since } }, { new: true }).lean<ConversationDoc>();
        return d ? toRecord(d) : null;
      }),
    markRead: (conversationId, userId, seq) => guard(() => markRead(conversationId, userId, seq)),
    readMarks: (conversationId) => guard(() => readMarks(conversationId)),
  };
}
