import type { Database } from "better-sqlite3";
import type { AttendanceRecord, AttendanceStore } from "../ports";
import { run } from "./errors";

export interface Row {
  id: string;
  session_id: string;
  user_id: string;
  joined_at: number;
  left_at: number | null;
}

export const toRecord = (r: Row): AttendanceRecord => ({
  id: r.id,
  sessionId: r.session_id,
  userId: r.user_id,
  joinedAt: new Date(r.joined_at),
  leftAt: r.left_at === null ? null : new Date(r.left_at),
});

export function sqliteAttendanceStore(db: Database): AttendanceStore {
  const open = db.prepare<[string, string], { id: string }>("SELECT id FROM attendance WHERE session_id = ? AND user_id = ? AND left_at IS NULL");
  const insert = db.prepare("INSERT INTO attendance (id, session_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?, NULL)");
  const leave = db.prepare("UPDATE attendance SET left_at = ? WHERE session_id = ? AND user_id = ? AND left_at IS NULL");
  const closeAll = db.prepare("UPDATE attendance SET left_at = ? WHERE session_id = ? AND left_at IS NULL");
  const list = db.prepare<[string], Row>("SELECT * FROM attendance WHERE session_id = ? ORDER BY joined_at, id");

  const join = db.transaction((e: AttendanceRecord) => {
    if (open.get(e.sessionId, e.userId)) return;
    insert.run(e.id, e.sessionId, e.userId, e.joinedAt.getTime());
  });

  return {
    recordJoin: (e) => run(() => join.immediate(e)),
    recordLeave: (sessionId, userId, at) =>
      run(() => {
        leave.run(at.getTime(), sessionId, userId);
      }),
    closeAll: (sessionId, at) =>
      run(() => {
        closeAll.run(at.getTime(), sessionId);
      }),
    list: (sessionId) => run(() => list.all(sessionId).map(toRecord)),
  };
}
