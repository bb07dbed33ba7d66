import { trusted, type Model } from "mongoose";
import { StoreUnavailableError, type AppendResult, type HistoryQuery, type MessageRecord, type MessageStore, type NewMessage } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { MessageDoc, MessageReleaseDoc } from "./models/message.model";
import { serialByKey } from "../../lib/serial-by-key";

export interface WriteConcern {
  w: number | "majority";
  journal: boolean;
}

export const toRecord = (d: MessageDoc, released = false): MessageRecord => ({
  id: d._id,
  roomId: d.roomId,
  seq: d.seq,
  authorId: d.authorId,
  authorName: d.authorName,
  body: d.body,
  clientMsgId: d.clientMsgId,
  createdAt: d.createdAt,
  deletedAt: d.deletedAt ?? null,
  held: d.held === true && !released,
  ...(d.editedAt ? { editedAt: d.editedAt } : {}),
});

// Enough for a burst from several nodes; past it the send is refused as unavailable and the client retries.
const MAX_ATTEMPTS = 40;
// Rooms whose last seq is remembered; beyond this the oldest is forgotten and read again when needed.
const SEQ_CACHE_ROOMS = 10_000;

/**
 * Sequence numbers are allocated by inserting lastSeq + 1 under the unique {roomId, seq} index,
 * retrying when another writer took it. A writer can only take seq n + 1 after it has seen n
 * committed, so no reader ever sees a gap that fills later. A separate $inc counter would hand
 * out n + 1 while n is still being written, and a gap-filling client would skip n for good.
 *
 * Appends to one room are serialised on this node, and the node remembers the last seq it saw,
 * so the usual append is a single insert. Only writers on other nodes can make it retry.
 */
export function mongoMessageStore(
  Messages: Model<MessageDoc>,
  Releases: Model<MessageReleaseDoc>,
  guard: Guard,
  writeConcern: WriteConcern,
  maxQueueWaitMs: number,
): MessageStore {
  const serial = serialByKey();
  const lastSeen = new Map<string, number>();

  const remember = (roomId: string, seq: number) => {
    lastSeen.delete(roomId);
    lastSeen.set(roomId, seq);
    if (lastSeen.size > SEQ_CACHE_ROOMS) lastSeen.delete(lastSeen.keys().next().value as string);
  };

  const readLastSeq = async (roomId: string): Promise<number> => {
    const last = await Messages.findOne({ roomId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<MessageDoc, "seq">>();
    return last?.seq ?? 0;
  };

  /** Records, with held messages checked against their releases: a read more only when a page holds one. */
  const records = async (docs: MessageDoc[]): Promise<MessageRecord[]> => {
    const held = docs.filter((d) => d.held === true).map((d) => d._id);
    if (held.length === 0) return docs.map((d) => toRecord(d));
    const released = new Set((await Releases.find({ _id: trusted({ $in: held }) }).lean<MessageReleaseDoc[]>()).map((r) => r._id));
    return docs.map((d) => toRecord(d, released.has(d._id)));
  };

  // The roomId in the filter keeps a message id from reaching into another room.
  const findById = async (roomId: string, messageId: string): Promise<MessageRecord | null> => {
    const d = await Messages.findOne({ _id: messageId, roomId }).lean<MessageDoc>();
    return d ? ((await records([d]))[0] ?? null) : null;
  };

  const existing = async (roomId: string, clientMsgId: string) => Messages.findOne({ roomId, clientMsgId }).lean<MessageDoc>();

  async function append(m: NewMessage): Promise<AppendResult> {
    let known = lastSeen.get(m.roomId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (known === undefined) {
        // No cached seq: this may be a retry of a message stored before a restart, so look first.
        const found = await existing(m.roomId, m.clientMsgId);
        if (found) return { message: (await records([found]))[0]!, created: false };
        known = await readLastSeq(m.roomId);
      }
      const doc: MessageDoc = {
        _id: m.id,
        roomId: m.roomId,
        seq: known + 1,
        authorId: m.authorId,
        authorName: m.authorName,
        body: m.body,
        clientMsgId: m.clientMsgId,
        createdAt: m.createdAt,
        deletedAt: null,
        held: m.held === true,
      };
      try {
        await new Messages(doc).save({ w: writeConcern.w, j: writeConcern.journal });
        remember(m.roomId, doc.seq);
        return { message: toRecord(doc), created: true };
      } catch (e) {
        // Only {roomId, seq} and {roomId, clientMsgId} can clash (_id is fresh). Either the message
        // is already stored (a retry) or another node took the seq: look, then read the seq again.
        if (!isDuplicateKey(e)) throw e;
        lastSeen.delete(m.roomId);
        known = undefined;
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
    throw new StoreUnavailableError("could not allocate a sequence number: the room is too busy");
  }

  return {
    append: (m) => {
      const queuedAt = Date.now();
      return serial(m.roomId, () => {
        // During an outage each queued append waits out server selection in turn; refuse the ones
        // that have already waited that long instead of letting a backlog hang for minutes.
        if (Date.now() - queuedAt > maxQueueWaitMs) {
          return Promise.reject(new StoreUnavailableError("database unavailable (append queue timed out)"));
        }
        return guard(() => append(m));
      });
    },

    history: (roomId, q: HistoryQuery) =>
      guard(async () => {
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
        const page = await records(docs);
        return forwards ? page : page.reverse();
      }),

    lastSeq: (roomId) =>
      guard(() => readLastSeq(roomId)),

    findById: (roomId, messageId) => guard(() => findById(roomId, messageId)),

    edit: (roomId, messageId, body, at) =>
      guard(async () => {
        const { modifiedCount } = await Messages.updateOne(
          { _id: messageId, roomId, deletedAt: null },
          { $set: { body, editedAt: at } },
          { writeConcern: { w: writeConcern.w, j: writeConcern.journal } },
        );
        if (modifiedCount === 0) return null;
        const edited = await findById(roomId, messageId);
        // FerretDB v1 does not re-check the filter: an erasure that won the race stays an erasure.
        if (edited?.deletedAt && edited.body !== "") {
          await Messages.updateOne({ _id: messageId }, { $set: { body: "" } });
          return null;
        }
        return edited;
      }),
    erase: (roomId, messageId, at) =>
      guard(async () => {
        // Only a message not yet deleted is touched, so a repeat keeps the first deletion time. The
        // erasure is acknowledged to the moderator, so it is as durable as an append.
        await Messages.updateOne(
          { _id: messageId, roomId, deletedAt: null },
          { $set: { body: "", deletedAt: at } },
          { writeConcern: { w: writeConcern.w, j: writeConcern.journal } },
        );
        return findById(roomId, messageId);
      }),

    release: (roomId, messageId, at) =>
      guard(async () => {
        const message = await findById(roomId, messageId);
        if (!message) return null;
        if (!message.held) return { message, released: false };
        try {
          await Releases.create([{ _id: messageId, roomId, at }], { writeConcern: { w: writeConcern.w, j: writeConcern.journal } });
        } catch (e) {
          // Another moderator released it first.
          if (!isDuplicateKey(e)) throw e;
          return { message: { ...message, held: false }, released: false };
        }
        return { message: { ...message, held: false }, released: true };
      }),
  };
}
