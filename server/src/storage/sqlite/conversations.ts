import type { Database } from "better-sqlite3";
import type { ConversationRecord, ConversationStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  member_id: string;
  peer_id: string;
  created_at: number;
  read_only_since: number | null;
}

const toRecord = (r: Row): ConversationRecord => ({
  id: r.id,
  memberId: r.member_id,
  peerId: r.peer_id,
  createdAt: new Date(r.created_at),
  readOnlySince: r.read_only_since === null ? null : new Date(r.read_only_since),
});

export function sqliteConversationStore(db: Database): ConversationStore {
  const insert = db.prepare(
    "INSERT INTO conversations (id, member_id, peer_id, created_at, read_only_since) VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, peer_id) DO NOTHING",
  );
  const byId = db.prepare<[string], Row>("SELECT * FROM conversations WHERE id = ?");
  const byPair = db.prepare<[string, string], Row>("SELECT * FROM conversations WHERE member_id = ? AND peer_id = ?");
  const listFor = db.prepare<[string, string], Row>("SELECT * FROM conversations WHERE member_id = ? OR peer_id = ? ORDER BY created_at, id");
  const setReadOnly = db.prepare("UPDATE conversations SET read_only_since = ? WHERE id = ?");
  const markRead = db.prepare(
    `INSERT INTO conversation_reads (conversation_id, user_id, seq) VALUES (?, ?, ?)
     ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = MAX(seq, excluded.seq)`,
  );
  const mark = db.prepare<[string, string], { seq: number }>("SELECT seq FROM conversation_reads WHERE conversation_id = ? AND user_id = ?");
  const marks = db.prepare<[string], { user_id: string; seq: number }>("SELECT user_id, seq FROM conversation_reads WHERE conversation_id = ?");
  const find = (id: string) => {
    const row = byId.get(id);
    return row ? toRecord(row) : null;
  };

  return {
    ensure: (c) =>
      run(() => {
        insert.run(c.id, c.memberId, c.peerId, c.createdAt.getTime(), c.readOnlySince?.getTime() ?? null);
        return toRecord(byPair.get(c.memberId, c.peerId)!);
      }),
    findById: (id) => run(() => find(id)),
    findByPair: (memberId, peerId) =>
      run(() => {
        const row = byPair.get(memberId, peerId);
        return row ? toRecord(row) : null;
      }),
    listFor: (userId) => run(() => listFor.all(userId, userId).map(toRecord)),
    setReadOnly: (id, since) =>
      run(() => {
        setReadOnly.run(since?.getTime() ?? null, id);
        return find(id);
      }),
    markRead: (conversationId, userId, seq) =>
      run(() => {
        markRead.run(conversationId, userId, seq);
        return mark.get(conversationId, userId)!.seq;
      }),
    readMarks: (conversationId) => run(() => Object.fromEntries(marks.all(conversationId).map((r) => [r.user_id, r.seq]))),
  };
}
