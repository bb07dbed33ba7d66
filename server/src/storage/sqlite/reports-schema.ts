import type { Database } from "better-sqlite3";

/**
 * Members' reports: one row per reporter and subject (the unique index is what makes a repeated
 * report harmless), found by subject to join an open item, by review item for the list, by
 * reporter for the hourly limit, export and erasure, and by the person reported for erasure.
 */
export function reportsSchema(db: Database): void {
  db.exec(`
    CREATE TABLE member_reports (
      id TEXT PRIMARY KEY,
      flag_id TEXT NOT NULL,
      reporter_id TEXT NOT NULL,
      subject TEXT NOT NULL,
      target_user_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      note TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX member_reports_once ON member_reports (reporter_id, subject);
    CREATE INDEX member_reports_subject ON member_reports (subject, created_at);
    CREATE INDEX member_reports_flag ON member_reports (flag_id);
    CREATE INDEX member_reports_reporter ON member_reports (reporter_id, created_at);
    CREATE INDEX member_reports_target ON member_reports (target_user_id);
  `);
}
