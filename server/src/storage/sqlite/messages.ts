import type { Database } from "better-sqlite3";
import type { AppendResult, MessageRecord, MessageStore, NewMessage } from "../ports";
import { run } from "./errors";
import { forgetErased } from "./forget-erased";
import { groupCommit } from "./group-commit";

export interface Row {
  id: string;
  room_id: string;
  seq: number;
  author_id: string;
  author_name: string;
  body: string;
  client_msg_id: string;
  created_at: number;
  deleted_at: number | null;
  held: number;
  edited_at: number | null;
}

export const toRecord = (r: Row): MessageRecord => ({
  id: r.id,
  roomId: r.room_id,
  seq: r.seq,
  authorId: r.author_id,
  authorName: r.author_name,
  body: r.body,
  clientMsgId: r.client_msg_id,
  createdAt: new Date(r.created_at),
  deletedAt: r.deleted_at === null ? null : new Date(r.deleted_at),
  held: r.held === 1,
  ...(r.edited_at === null ? {} : { editedAt: new Date(r.edited_at) }),
});

/** A room's last seq: a lookup at the end of the unique (room_id, seq) index, never a scan (test/integration/last-seq-plan.test.ts). */
export const LAST_SEQ_SQL = "SELECT MAX(seq) AS seq FROM messages WHERE room_id = ?";

/**
 * One append, to run inside an IMMEDIATE transaction (see group-commit.ts), which takes the write
 * lock before reading MAX(seq), so two writers (threads or processes) cannot pick the same seq.
 */
export function appendStatement(db: Database): (m: NewMessage) => AppendResult {
  const byClientId = db.prepare<[string, string], Row>("SELECT * FROM messages WHERE room_id = ? AND client_msg_id = ?");
  const last = db.prepare<[string], { seq: number | null }>(LAST_SEQ_SQL);
  const insert = db.prepare(
    `INSERT INTO messages (id, room_id, seq, author_id, author_name, body, client_msg_id, created_at, held)
     VALUES (@id, @roomId, @seq, @authorId, @authorName, @body, @clientMsgId, @createdAt, @held)`,
  );
  return (m) => {
    const existing = byClientId.get(m.roomId, m.clientMsgId);
    if (existing) return { message: toRecord(existing), created: false };
    const seq = (last.get(m.roomId)?.seq ?? 0) + 1;
    const held = m.held === true;
    insert.run({ ...m, seq, createdAt: m.createdAt.getTime(), held: held ? 1 : 0 });
    return { message: { ...m, seq, deletedAt: null, held }, created: true };
  };
}

/** `append` is given when appends are written elsewhere (append-thread.ts); otherwise they are written here. */
export function sqliteMessageStore(db: Database, append?: MessageStore["append"]): MessageStore {
  const last = db.prepare<[string], { seq: number | null }>(LAST_SEQ_SQL);
  const after = db.prepare<[string, number, number, number], Row>("SELECT * FROM messages WHERE room_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?");
  const newestBelow = db.prepare<[string, number, number], Row>("SELECT * FROM messages WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?");

  const byId = db.prepare<[string, string], Row>("SELECT * FROM messages WHERE room_id = ? AND id = ?");
  // The body is overwritten, not hidden: a deleted message's words are gone from the database.
  const edit = db.prepare("UPDATE messages SET body = ?, edited_at = ? WHERE room_id = ? AND id = ? AND deleted_at IS NULL");
  const erase = db.prepare("UPDATE messages SET body = '', deleted_at = ? WHERE room_id = ? AND id = ? AND deleted_at IS NULL");
  const release = db.prepare("UPDATE messages SET held = 0 WHERE room_id = ? AND id = ? AND held = 1");

  return {
    append: append ?? groupCommit(db, appendStatement(db)),
    history: (roomId, q) =>
      run(() => {
        if (q.after !== undefined) return after.all(roomId, q.after, q.before ?? Number.MAX_SAFE_INTEGER, q.limit).map(toRecord);
        return newestBelow
          .all(roomId, q.before ?? Number.MAX_SAFE_INTEGER, q.limit)
          .reverse()
          .map(toRecord);
      }),
    lastSeq: (roomId) => run(() => last.get(roomId)?.seq ?? 0),
    findById: (roomId, messageId) =>
      run(() => {
        const row = byId.get(roomId, messageId);
        return row ? toRecord(row) : null;
      }),
    edit: (roomId, messageId, body, at) =>
      run(() => {
        if (edit.run(body, at.getTime(), roomId, messageId).changes === 0) return null;
        // The words replaced are gone like erased ones, WAL included.
        forgetErased(db);
        const row = byId.get(roomId, messageId);
        return row ? toRecord(row) : null;
      }),
    erase: (roomId, messageId, at) =>
      run(() => {
        if (erase.run(at.getTime(), roomId, messageId).changes === 1) forgetErased(db);
        const row = byId.get(roomId, messageId);
        return row ? toRecord(row) : null;
      }),
    release: (roomId, messageId) =>
      run(() => {
        const released = release.run(roomId, messageId).changes === 1;
        const row = byId.get(roomId, messageId);
        return row ? { message: toRecord(row), released } : null;
      }),
  };
}
