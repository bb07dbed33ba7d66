import { trusted, type Model } from "mongoose";
import type { RoomReadStore, RoomUnread } from "../room-read-ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { MessageDoc, MessageReleaseDoc } from "./models/message.model";
import type { RoomMemberDoc } from "./models/room-member.model";
import { roomReadId, type RoomReadDoc } from "./models/room-read.model";

export function mongoRoomReadStore(m: { Reads: Model<RoomReadDoc>; Members: Model<RoomMemberDoc>; Messages: Model<MessageDoc>; Releases: Model<MessageReleaseDoc> }, guard: Guard): RoomReadStore {
  const { Reads, Members, Messages, Releases } = m;

  const readMark = async (roomId: string, userId: string): Promise<number | null> => {
    const top = await Reads.findOne({ userId, roomId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<RoomReadDoc, "seq">>();
    return top?.seq ?? null;
  };

  async function markRead(roomId: string, userId: string, seq: number): Promise<number> {
    const current = await readMark(roomId, userId);
    if (current !== null && current >= seq) return current;
    try {
      await Reads.create({ _id: roomReadId(roomId, userId, seq), roomId, userId, seq });
    } catch (e) {
      // A concurrent call stored the same seq: the position is recorded either way.
      if (!isDuplicateKey(e)) throw e;
    }
    const mark = (await readMark(roomId, userId)) ?? seq;
    // Only positions below a stored one are removed, so the highest is never deleted by anyone.
    await Reads.deleteMany({ userId, roomId, seq: trusted({ $lt: mark }) });
    return mark;
  }

  /** The highest position per room: lower ones a concurrent markRead has not pruned yet may remain. */
  async function marks(userId: string, roomIds: string[]): Promise<Map<string, number>> {
    const docs = await Reads.find({ userId, roomId: trusted({ $in: roomIds }) }).select({ roomId: 1, seq: 1 }).lean<Pick<RoomReadDoc, "roomId" | "seq">[]>();
    const out = new Map<string, number>();
    for (const d of docs) out.set(d.roomId, Math.max(out.get(d.roomId) ?? d.seq, d.seq));
    return out;
  }

  async function unreadFor(userId: string, roomIds: string[], leaveOut: string[] = []): Promise<Map<string, RoomUnread>> {
    const out = new Map<string, RoomUnread>();
    if (roomIds.length === 0) return out;
    const joined = (await Members.find({ userId, roomId: trusted({ $in: roomIds }) }).select({ roomId: 1 }).lean<Pick<RoomMemberDoc, "roomId">[]>()).map((d) => d.roomId);
    if (joined.length === 0) return out;
    const mark = await marks(userId, joined);
    for (const roomId of joined) out.set(roomId, { lastReadSeq: mark.get(roomId) ?? 0, unread: 0 });
    // One query for the page, counted here: FerretDB v1's $group support is partial. Only ids,
    // rooms and the held bit come back, and only for the unread part of each room.
    const above = joined.map((roomId) => ({ roomId, seq: trusted({ $gt: mark.get(roomId) ?? 0 }) }));
    const docs = await Messages.find({ $or: above, authorId: trusted({ $nin: [userId, ...leaveOut] }), deletedAt: null })
      .select({ _id: 1, roomId: 1, held: 1 })
      .lean<Pick<MessageDoc, "_id" | "roomId" | "held">[]>();
    const held = docs.filter((d) => d.held === true).map((d) => d._id);
    // A hold ends with a release record, never an update of the message (see message.model.ts).
    const released = held.length === 0 ? new Set<string>() : new Set((await Releases.find({ _id: trusted({ $in: held }) }).select({ _id: 1 }).lean<Pick<MessageReleaseDoc, "_id">[]>()).map((r) => r._id));
    for (const d of docs) {
      if (d.held === true && !released.has(d._id)) continue;
      const entry = out.get(d.roomId);
      if (entry) entry.unread++;
    }
    return out;
  }

  return {
    markRead: (roomId, userId, seq) => guard(() => markRead(roomId, userId, seq)),
    unreadFor: (userId, roomIds, leaveOut) => guard(() => unreadFor(userId, roomIds, leaveOut)),
    memberIds: (roomId) => guard(async () => (await Members.find({ roomId }).select({ userId: 1 }).lean<Pick<RoomMemberDoc, "userId">[]>()).map((d) => d.userId)),
    marksOf: (userId) =>
      guard(async () => {
        const docs = await Reads.find({ userId }).select({ roomId: 1, seq: 1 }).lean<Pick<RoomReadDoc, "roomId" | "seq">[]>();
        const top = new Map<string, number>();
        for (const d of docs) top.set(d.roomId, Math.max(top.get(d.roomId) ?? d.seq, d.seq));
        return [...top].sort(([a], [b]) => a.localeCompare(b)).map(([roomId, seq]) => ({ roomId, seq }));
      }),
  };
}
