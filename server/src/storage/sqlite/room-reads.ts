import type { Database } from "better-sqlite3";
import type { RoomReadStore, RoomUnread } from "../room-read-ports";
import { run } from "./errors";

interface UnreadRow {
  room_id: string;
  mark: number;
  n: number;
}

export function sqliteRoomReadStore(db: Database): RoomReadStore {
  const markRead = db.prepare(
    `INSERT INTO room_reads (room_id, user_id, seq) VALUES (?, ?, ?)
     ON CONFLICT (room_id, user_id) DO UPDATE SET seq = MAX(seq, excluded.seq)`,
  );
  const mark = db.prepare<[string, string], { seq: number }>("SELECT seq FROM room_reads WHERE room_id = ? AND user_id = ?");
  // One statement for the page: the rooms go in as one JSON array, membership decides which are
  // answered, and each count walks messages_room_seq from the mark up (only the unread part).
  const unread = db.prepare<{ userId: string; rooms: string; leaveOut: string }, UnreadRow>(
    `SELECT m.room_id AS room_id, coalesce(r.seq, 0) AS mark,
            (SELECT count(*) FROM messages x
              WHERE x.room_id = m.room_id AND x.seq > coalesce(r.seq, 0)
                AND x.author_id <> @userId AND x.deleted_at IS NULL AND x.held = 0
                AND x.author_id NOT IN (SELECT value FROM json_each(@leaveOut))) AS n
       FROM room_members m
       LEFT JOIN room_reads r ON r.room_id = m.room_id AND r.user_id = @userId
      WHERE m.user_id = @userId AND m.room_id IN (SELECT value FROM json_each(@rooms))`,
  );
  const members = db.prepare<[string], { user_id: string }>("SELECT user_id FROM room_members WHERE room_id = ?");
  const marksOf = db.prepare<[string], { room_id: string; seq: number }>("SELECT room_id, seq FROM room_reads WHERE user_id = ? ORDER BY room_id");

  return {
    markRead: (roomId, userId, seq) =>
      run(() => {
        markRead.run(roomId, userId, seq);
        return mark.get(roomId, userId)!.seq;
      }),
    unreadFor: (userId, roomIds, leaveOut = []) =>
      run(() => {
        const out = new Map<string, RoomUnread>();
        if (roomIds.length === 0) return out;
        for (const r of unread.all({ userId, rooms: JSON.stringify(roomIds), leaveOut: JSON.stringify(leaveOut) })) out.set(r.room_id, { lastReadSeq: r.mark, unread: r.n });
        return out;
      }),
    memberIds: (roomId) => run(() => members.all(roomId).map((r) => r.user_id)),
    marksOf: (userId) => run(() => marksOf.all(userId).map((r) => ({ roomId: r.room_id, seq: r.seq }))),
  };
}
