import { trusted, type Model } from "mongoose";
import { StoreBusyError, StoreUnavailableError, type AppendResult, type HistoryQuery, type MessageRecord, type MessageStore, type NewMessage } from "../ports";
import { firstDuplicateIndex, isDuplicateKey, type Guard } from "./errors";
import type { MessageDoc, MessageReleaseDoc } from "./models/message.model";
import { batchByKey, type Queued } from "../../lib/batch-by-key";
import { probeLastSeq } from "./seq-probe";

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

/** The lookup behind every last-seq question: one point on the unique {roomId, seq} index (seq-probe.ts). */
export const seqFilter = (roomId: string, seq: number) => ({ roomId, seq });

/**
 * Sequence numbers are allocated by inserting lastSeq + 1 under the unique {roomId, seq} index,
 * retrying when another writer took it. A writer can only take seq n + 1 after it has seen n
 * committed, so no reader ever sees a gap that fills later. A separate $inc counter would hand
 * out n + 1 while n is still being written, and a gap-filling client would skip n for good.
 *
 * Appends to one room are batched on this node (what arrives while a write is in flight goes in
 * the next one), and the node remembers the last seq it saw, so the usual batch is a single insert.
 * Only writers on other nodes can make it retry, and a retry finds how far they got by point
 * lookups on {roomId, seq} (seq-probe.ts), never by sorting the room: the cost of a clash does not
 * grow with the room's history, so two nodes sharing a busy room both keep writing.
 */
export function mongoMessageStore(
  Messages: Model<MessageDoc>,
  Releases: Model<MessageReleaseDoc>,
  guard: Guard,
  writeConcern: WriteConcern,
  maxQueueWaitMs: number,
): MessageStore {
  const lastSeen = new Map<string, number>();


  const remember = (roomId: string, seq: number) => {
    lastSeen.delete(roomId);
    lastSeen.set(roomId, seq);
    if (lastSeen.size > SEQ_CACHE_ROOMS) lastSeen.delete(lastSeen.keys().next().value as string);
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

  const toDoc = (m: NewMessage, seq: number): MessageDoc => ({
    _id: m.id,
    roomId: m.roomId,
    seq,
    authorId: m.authorId,
    authorName: m.authorName,
    body: m.body,
    clientMsgId: m.clientMsgId,
    createdAt: m.createdAt,
    deletedAt: null,
    held: m.held === true,
    editedAt: null,
  });

  /** Whether seq n of the room is stored: a point lookup on the {roomId, seq} index. */
  const has = async (roomId: string, seq: number): Promise<boolean> =>
    (await Messages.findOne(seqFilter(roomId, seq), { _id: 1 }).lean<Pick<MessageDoc, "_id">>()) !== null;

  const storedByClientId = async (roomId: string, clientMsgId: string): Promise<MessageRecord | null> => {
    const d = await Messages.findOne({ roomId, clientMsgId }).lean<MessageDoc>();
    return d ? ((await records([d]))[0] ?? null) : null;
  };

  /**
   * Writes a room's batch as one ordered insert of consecutive seqs from the last one this node
   * knows. An ordered insert stops at its first clash and keeps what went before it, so the stored
   * prefix is acked and the rest tried again. The clash was on the seq (another node took it:
   * probe forward for the new last seq) or on the clientMsgId (a retry of a stored message: answer
   * it with the stored one). Neither read grows with the room: both are point lookups.
   */
  async function appendBatch(roomId: string, batch: Queued<NewMessage, AppendResult>[]): Promise<void> {
    // Two sends with one clientMsgId in one batch: the second is answered with the first's result.
    const firsts = new Map<string, Queued<NewMessage, AppendResult>>();
    const twins: Queued<NewMessage, AppendResult>[] = [];
    for (const p of batch) {
      if (firsts.has(p.item.clientMsgId)) twins.push(p);
      else firsts.set(p.item.clientMsgId, p);
    }
    const outcomes = new Map<string, AppendResult>();
    const settle = (p: Queued<NewMessage, AppendResult>, result: AppendResult) => {
      outcomes.set(p.item.clientMsgId, result);
      p.resolve(result);
    };
    const probe = (from: number) => probeLastSeq((seq) => has(roomId, seq), from);
    let pending = [...firsts.values()];
    let known = lastSeen.get(roomId) ?? (await probe(0));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new StoreBusyError("could not allocate a sequence number: the room is too busy");
      // Another node may have said meanwhile how far it got (seenElsewhere).
      const from = Math.max(known, lastSeen.get(roomId) ?? 0);
      const docs = pending.map((p, i) => toDoc(p.item, from + 1 + i));
      let stored = docs.length;
      try {
        // The driver's insert, not the model's: the documents are complete, and mongoose's casting of
        // each one is work the hot path does not need.
        await Messages.collection.insertMany(docs as never[], { ordered: true, writeConcern: { w: writeConcern.w, journal: writeConcern.journal } });
      } catch (e) {
        const clashAt = firstDuplicateIndex(e);
        if (clashAt === null) throw e;
        stored = clashAt;
      }
      pending.slice(0, stored).forEach((p, i) => settle(p, { message: toRecord(docs[i]!), created: true }));
      known = from + stored;
      remember(roomId, known);
      pending = pending.slice(stored);
      const clashed = pending[0];
      if (!clashed) break;
      const hinted = lastSeen.get(roomId) ?? 0;
      if (hinted > known) {
        // Told already how far the other node got: no need to look.
        known = hinted;
        continue;
      }
      // The error does not say which index clashed (FerretDB names neither), so look: when others
      // took seqs, go on after them; when the seq is still free, the clientMsgId is already stored.
      const last = await probe(known);
      const retryOf = last === known ? await storedByClientId(roomId, clashed.item.clientMsgId) : null;
      if (retryOf) {
        settle(clashed, { message: retryOf, created: false });
        pending = pending.slice(1);
      }
      known = last;
      remember(roomId, known);
    }
    for (const t of twins) {
      const first = outcomes.get(t.item.clientMsgId);
      if (first) t.resolve({ message: first.message, created: false });
    }
  }

  const appendQueue = batchByKey<NewMessage, AppendResult>(async (roomId, batch) => {
    // During an outage each queued batch waits out server selection in turn; refuse the appends
    // that have already waited that long instead of letting a backlog hang for minutes.
    const now = Date.now();
    const live = batch.filter((q) => {
      if (now - q.queuedAt <= maxQueueWaitMs) return true;
      q.reject(new StoreUnavailableError("database unavailable (append queue timed out)"));
      return false;
    });
    if (live.length > 0) await guard(() => appendBatch(roomId, live));
  });

  return {
    append: (m) => appendQueue(m.roomId, m),

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

    // Any stored seq is a safe place to start from. Only rooms this node writes to are kept.
    seenElsewhere: (roomId, seq) => {
      const known = lastSeen.get(roomId);
      if (known !== undefined && seq > known) remember(roomId, seq);
    },

    lastSeq: (roomId) =>
      guard(async () => {
        // Usually nothing was written since this node last looked: one lookup says so.
        const known = lastSeen.get(roomId);
        if (known !== undefined && !(await has(roomId, known + 1))) return known;
        const last = await probeLastSeq((seq) => has(roomId, seq), known ?? 0);
        remember(roomId, last);
        return last;
      }),

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
