import { trusted, type Model } from "mongoose";
import { StoreUnavailableError, type AppendResult, type HistoryQuery, type MessageRecord, type MessageStore, type NewMessage } from "../ports";
import { guarded, isDuplicateKey } from "./errors";
import type { MessageDoc } from "./models/message.model";

export interface WriteConcern {
  w: number | "majority";
  journal: boolean;
}

const toRecord = (d: MessageDoc): MessageRecord => ({
  id: d._id,
  roomId: d.roomId,
  seq: d.seq,
  authorId: d.authorId,
  authorName: d.authorName,
  body: d.body,
  clientMsgId: d.clientMsgId,
  createdAt: d.createdAt,
});

// Enough for a busy room's burst; past it the send is refused as unavailable and the client retries.
const MAX_ATTEMPTS = 40;

/**
 * Sequence numbers are allocated by inserting lastSeq + 1 under the unique {roomId, seq} index,
 * retrying when another sender took it. A writer can only take seq n + 1 after it has seen n
 * committed, so no reader ever sees a gap that fills later. A separate $inc counter would hand
 * out n + 1 while n is still being written, and a gap-filling client would skip n for good.
 */
export function mongoMessageStore(Messages: Model<MessageDoc>, writeConcern: WriteConcern): MessageStore {
  const existing = async (roomId: string, clientMsgId: string) => Messages.findOne({ roomId, clientMsgId }).lean<MessageDoc>();

  async function append(m: NewMessage): Promise<AppendResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await existing(m.roomId, m.clientMsgId);
      if (found) return { message: toRecord(found), created: false };
      const last = await Messages.findOne({ roomId: m.roomId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<MessageDoc, "seq">>();
      const doc: MessageDoc = {
        _id: m.id,
        roomId: m.roomId,
        seq: (last?.seq ?? 0) + 1,
        authorId: m.authorId,
        authorName: m.authorName,
        body: m.body,
        clientMsgId: m.clientMsgId,
        createdAt: m.createdAt,
      };
      try {
        await new Messages(doc).save({ w: writeConcern.w, j: writeConcern.journal });
        return { message: toRecord(doc), created: true };
      } catch (e) {
        // Only {roomId, seq} and {roomId, clientMsgId} can clash (_id is fresh). A clientMsgId clash is
        // found by the lookup at the top of the next round; a seq clash takes the next free seq.
        if (!isDuplicateKey(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
    throw new StoreUnavailableError("could not allocate a sequence number: the room is too busy");
  }

  return {
    append: (m) => guarded(() => append(m)),

    history: (roomId, q: HistoryQuery) =>
      guarded(async () => {
        const seq: Record<string, number> = {};
        if (q.after !== undefined) seq.$gt = q.after;
        if (q.before !== undefined) seq.$lt = q.before;
        // sanitizeFilter neutralises operators in filters; these come from validated numbers, so say so.
        const filter = Object.keys(seq).length > 0 ? { roomId, seq: trusted(seq) } : { roomId };
        // Only "after" reads forwards; "before" alone and no bound at all read the newest page.
        const forwards = q.after !== undefined;
        const docs = await Messages.find(filter)
          .sort({ seq: forwards ? 1 : -1 })
          .limit(q.limit)
          .lean<MessageDoc[]>();
        const records = docs.map(toRecord);
        return forwards ? records : records.reverse();
      }),

    lastSeq: (roomId) =>
      guarded(async () => {
        const last = await Messages.findOne({ roomId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<MessageDoc, "seq">>();
        return last?.seq ?? 0;
      }),
  };
}
