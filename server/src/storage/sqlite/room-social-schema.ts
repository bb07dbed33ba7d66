import type { Database } from "better-sqlite3";

/**
 * Standing rooms' normalised names, one row each: the primary key is what refuses a second room
 * of the same name. Rooms already stored claim their names oldest first; a later duplicate keeps
 * its room but has no claim (lower() folds ASCII only, the domain's key folds all of Unicode).
 * Reactions on room messages are kept per person, message and emoji.
 */
export function roomSocialSchema(db: Database): void {
  db.exec(`
    CREATE TABLE room_names (
      name_key TEXT PRIMARY KEY,
      room_id TEXT NOT NULL
    );
    INSERT OR IGNORE INTO room_names (name_key, room_id)
      SELECT lower(trim(name)), id FROM rooms WHERE session_id IS NULL ORDER BY created_at, id;

    -- One row per person, message and emoji: the key is what makes setting a reaction idempotent.
    CREATE TABLE message_reactions (
      room_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      emoji TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (message_id, user_id, emoji)
    );
  `);
}
