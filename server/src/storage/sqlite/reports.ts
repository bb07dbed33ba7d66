import type { Database } from "better-sqlite3";
import type { ReportRecord, ReportStore } from "../report-ports";
import { run } from "./errors";

interface Row {
  id: string;
  flag_id: string;
  reporter_id: string;
  subject: string;
  target_user_id: string;
  reason: string;
  note: string | null;
  created_at: number;
}

const toRecord = (r: Row): ReportRecord => ({
  id: r.id,
  flagId: r.flag_id,
  reporterId: r.reporter_id,
  subject: r.subject,
  targetUserId: r.target_user_id,
  reason: r.reason,
  note: r.note,
  createdAt: new Date(r.created_at),
});

export function sqliteReportStore(db: Database): ReportStore {
  const insert = db.prepare(
    `INSERT INTO member_reports (id, flag_id, reporter_id, subject, target_user_id, reason, note, created_at)
     VALUES (@id, @flagId, @reporterId, @subject, @targetUserId, @reason, @note, @createdAt) ON CONFLICT DO NOTHING`,
  );
  const once = db.prepare<[string, string], Row>("SELECT * FROM member_reports WHERE reporter_id = ? AND subject = ?");
  const latest = db.prepare<[string], Row>("SELECT * FROM member_reports WHERE subject = ? ORDER BY created_at DESC, id DESC LIMIT 1");
  // The ids go in as one JSON array: no statement per count, and no string-built SQL.
  const forFlags = db.prepare<[string], Row>("SELECT * FROM member_reports WHERE flag_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id");
  const since = db.prepare<[string, number], { created_at: number }>("SELECT created_at FROM member_reports WHERE reporter_id = ? AND created_at >= ? ORDER BY created_at");
  const orphans = db.prepare("DELETE FROM member_reports WHERE created_at < ? AND flag_id NOT IN (SELECT id FROM flags)");
  const by = db.prepare<[string], Row>("SELECT * FROM member_reports WHERE reporter_id = ? ORDER BY created_at, id");
  return {
    create: (r) =>
      run(() => {
        const { changes } = insert.run({ ...r, createdAt: r.createdAt.getTime() });
        if (changes === 1) return { report: r, created: true };
        const stored = once.get(r.reporterId, r.subject);
        return { report: stored ? toRecord(stored) : r, created: false };
      }),
    latestFor: (subject) =>
      run(() => {
        const r = latest.get(subject);
        return r ? toRecord(r) : null;
      }),
    forFlags: (flagIds) => run(() => (flagIds.length === 0 ? [] : forFlags.all(JSON.stringify(flagIds)).map(toRecord))),
    madeSince: (reporterId, from) => run(() => since.all(reporterId, from.getTime()).map((r) => new Date(r.created_at))),
    by: (reporterId) => run(() => by.all(reporterId).map(toRecord)),
    purgeOrphans: (before) => run(() => orphans.run(before.getTime()).changes),
  };
}
