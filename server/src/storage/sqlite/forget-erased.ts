import type { Database } from "better-sqlite3";

/**
 * After an erasure, copies the write-ahead log into the database and empties it, so the erased
 * text (sealed or not) does not linger in `-wal` until some later checkpoint; secure_delete has
 * already zeroed it in the database's own pages. Erasures are rare, so the cost (a checkpoint) is
 * paid where it is needed only. A checkpoint that cannot finish because a reader is in the way is
 * retried by the next erasure and by SQLite's own automatic checkpoints.
 */
export function forgetErased(db: Database): void {
  db.pragma("wal_checkpoint(TRUNCATE)");
}
