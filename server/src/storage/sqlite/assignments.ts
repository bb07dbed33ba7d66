import type { Database } from "better-sqlite3";
import type { AssignmentRecord, AssignmentStore } from "../ports";
import { run } from "./errors";

export interface Row {
  id: string;
  member_id: string;
  peer_id: string;
  created_by: string;
  created_at: number;
  ended_at: number | null;
}

export const toRecord = (r: Row): AssignmentRecord => ({
  id: r.id,
  memberId: r.member_id,
  peerId: r.peer_id,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  endedAt: r.ended_at === null ? null : new Date(r.ended_at),
});

export function sqliteAssignmentStore(db: Database): AssignmentStore {
  const insert = db.prepare("INSERT INTO assignments (id, member_id, peer_id, created_by, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)");
  const byId = db.prepare<[string], Row>("SELECT * FROM assignments WHERE id = ?");
  const end = db.prepare("UPDATE assignments SET ended_at = ? WHERE id = ? AND ended_at IS NULL");
  const activeFor = db.prepare<[string, string], Row>(
    "SELECT * FROM assignments WHERE ended_at IS NULL AND (member_id = ? OR peer_id = ?) ORDER BY created_at, id",
  );
  const activeForPair = db.prepare<[string, string], Row>("SELECT * FROM assignments WHERE member_id = ? AND peer_id = ? AND ended_at IS NULL");
  const find = (id: string) => {
    const row = byId.get(id);
    return row ? toRecord(row) : null;
  };

  return {
    create: (a) =>
      run(() => {
        insert.run(a.id, a.memberId, a.peerId, a.createdBy, a.createdAt.getTime(), a.endedAt?.getTime() ?? null);
        return a;
      }),
    findById: (id) => run(() => find(id)),
    end: (id, at) =>
      run(() => {
        end.run(at.getTime(), id);
        return find(id);
      }),
    activeFor: (userId) => run(() => activeFor.all(userId, userId).map(toRecord)),
    activeForPair: (memberId, peerId) =>
      run(() => {
        const row = activeForPair.get(memberId, peerId);
        return row ? toRecord(row) : null;
      }),
  };
}
