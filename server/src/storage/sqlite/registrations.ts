import type { Database } from "better-sqlite3";
import type { RegistrationRecord, RegistrationStatus, RegistrationStore } from "../ports";
import { run } from "./errors";

interface Row {
  session_id: string;
  user_id: string;
  status: string;
  created_at: number;
}

const toRecord = (r: Row): RegistrationRecord => ({
  sessionId: r.session_id,
  userId: r.user_id,
  status: r.status as RegistrationStatus,
  createdAt: new Date(r.created_at),
});

export function sqliteRegistrationStore(db: Database): RegistrationStore {
  const find = db.prepare<[string, string], Row>("SELECT * FROM registrations WHERE session_id = ? AND user_id = ?");
  const countRegistered = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM registrations WHERE session_id = ? AND status = 'registered'");
  const insert = db.prepare("INSERT INTO registrations (session_id, user_id, status, created_at) VALUES (?, ?, ?, ?)");
  const remove = db.prepare("DELETE FROM registrations WHERE session_id = ? AND user_id = ?");
  const oldestWaiting = db.prepare<[string, number], Row>(
    "SELECT * FROM registrations WHERE session_id = ? AND status = 'waitlisted' ORDER BY created_at, rowid LIMIT ?",
  );
  const promote = db.prepare("UPDATE registrations SET status = 'registered' WHERE session_id = ? AND user_id = ?");
  const list = db.prepare<[string], Row>(
    "SELECT * FROM registrations WHERE session_id = ? ORDER BY CASE status WHEN 'registered' THEN 0 ELSE 1 END, created_at, rowid",
  );
  const forUser = db.prepare<[string], Row>("SELECT * FROM registrations WHERE user_id = ? ORDER BY created_at, rowid");

  const fill = (sessionId: string, capacity: number): RegistrationRecord[] => {
    const free = capacity - countRegistered.get(sessionId)!.n;
    if (free <= 0) return [];
    const promoted = oldestWaiting.all(sessionId, free);
    for (const r of promoted) promote.run(sessionId, r.user_id);
    return promoted.map((r) => ({ ...toRecord(r), status: "registered" as const }));
  };

  // IMMEDIATE: the count and the insert happen under the write lock, so capacity holds across processes.
  const register = db.transaction((sessionId: string, userId: string, at: Date, capacity: number): RegistrationRecord => {
    const existing = find.get(sessionId, userId);
    if (existing) return toRecord(existing);
    const status: RegistrationStatus = countRegistered.get(sessionId)!.n < capacity ? "registered" : "waitlisted";
    insert.run(sessionId, userId, status, at.getTime());
    return { sessionId, userId, status, createdAt: at };
  });
  const unregister = db.transaction((sessionId: string, userId: string, capacity: number) => {
    const existing = find.get(sessionId, userId);
    if (!existing) return { removed: null, promoted: [] };
    remove.run(sessionId, userId);
    return { removed: toRecord(existing), promoted: fill(sessionId, capacity) };
  });
  const fillTx = db.transaction(fill);

  return {
    register: (sessionId, userId, at, capacity) => run(() => register.immediate(sessionId, userId, at, capacity)),
    unregister: (sessionId, userId, capacity) => run(() => unregister.immediate(sessionId, userId, capacity)),
    fill: (sessionId, capacity) => run(() => fillTx.immediate(sessionId, capacity)),
    find: (sessionId, userId) =>
      run(() => {
        const row = find.get(sessionId, userId);
        return row ? toRecord(row) : null;
      }),
    list: (sessionId) => run(() => list.all(sessionId).map(toRecord)),
    listForUser: (userId) => run(() => forUser.all(userId).map(toRecord)),
  };
}
