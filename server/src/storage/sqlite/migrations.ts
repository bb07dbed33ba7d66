/**
 * Versioned schema migrations, applied in order, each in its own transaction, recorded in
 * PRAGMA user_version. Append new ones; never edit one that has shipped.
 */
import type { Database } from "better-sqlite3";

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "users, rooms, memberships and messages",
    up: (db) =>
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX users_username ON users (username);

        CREATE TABLE rooms (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          topic TEXT,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );

        CREATE TABLE room_members (
          room_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          joined_at INTEGER NOT NULL,
          PRIMARY KEY (room_id, user_id)
        );
        CREATE INDEX room_members_user ON room_members (user_id);

        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          room_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          author_id TEXT NOT NULL,
          author_name TEXT NOT NULL,
          body TEXT NOT NULL,
          client_msg_id TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX messages_room_seq ON messages (room_id, seq);
        CREATE UNIQUE INDEX messages_room_client_msg ON messages (room_id, client_msg_id);
      `),
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies every migration newer than the file's version. Returns how many ran. */
export function migrate(db: Database): number {
  let ran = 0;
  for (const m of MIGRATIONS) {
    if (m.version <= schemaVersion(db)) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    ran++;
  }
  return ran;
}
