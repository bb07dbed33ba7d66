import type { Database } from "better-sqlite3";

/**
 * A person's read mark in each group room they read: one row per (room, person), only ever raised.
 * The person's rows are found by user_id for their export and the erasure of their account.
 */
export function roomReadsSchema(db: Database): void {
  db.exec(`
    CREATE TABLE room_reads (
      room_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (room_id, user_id)
    );
    CREATE INDEX room_reads_user ON room_reads (user_id);
  `);
}
