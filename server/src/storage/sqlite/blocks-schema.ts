import type { Database } from "better-sqlite3";

/**
 * Blocks between people in rooms. The primary key makes blocking twice harmless and serves the
 * blocker's own list; the second index serves the broadcast's "who blocked this author".
 */
export function blocksSchema(db: Database): void {
  db.exec(`
    CREATE TABLE user_blocks (
      blocker_id TEXT NOT NULL,
      blocked_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (blocker_id, blocked_id)
    );
    CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id);
  `);
}
