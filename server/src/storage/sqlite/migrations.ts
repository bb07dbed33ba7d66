/**
 * Versioned schema migrations, applied in order, each in its own transaction, recorded in
 * PRAGMA user_version. Append new ones; never edit one that has shipped.
 */
import type { Database } from "better-sqlite3";
import { retentionSchema } from "./retention-schema";
import { roomSocialSchema } from "./room-social-schema";
import { reportsSchema } from "./reports-schema";
import { blocksSchema } from "./blocks-schema";
import { roomReadsSchema } from "./room-reads-schema";
import { reactionCleanupSchema } from "./reaction-cleanup-schema";
import { sanctionListsSchema } from "./sanction-lists-schema";

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
  {
    version: 2,
    name: "scheduled sessions, registrations, moderation, audit log and attendance",
    up: (db) =>
      db.exec(`
        ALTER TABLE rooms ADD COLUMN session_id TEXT;
        ALTER TABLE rooms ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rooms ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rooms ADD COLUMN pinned_body TEXT;
        ALTER TABLE rooms ADD COLUMN pinned_by TEXT;
        ALTER TABLE rooms ADD COLUMN pinned_at INTEGER;
        CREATE INDEX rooms_session ON rooms (session_id);

        ALTER TABLE messages ADD COLUMN deleted_at INTEGER;

        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          series_id TEXT NOT NULL,
          room_id TEXT NOT NULL,
          title TEXT NOT NULL,
          topic TEXT,
          description TEXT,
          starts_at INTEGER NOT NULL,
          ends_at INTEGER NOT NULL,
          capacity INTEGER NOT NULL,
          facilitator_ids TEXT NOT NULL,
          moderator_ids TEXT NOT NULL,
          audience TEXT NOT NULL,
          invitee_ids TEXT NOT NULL,
          join_window_minutes INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          cancelled_at INTEGER,
          ended_at INTEGER
        );
        CREATE UNIQUE INDEX sessions_room ON sessions (room_id);
        CREATE INDEX sessions_starts ON sessions (starts_at);
        CREATE INDEX sessions_due ON sessions (ended_at, ends_at);
        CREATE INDEX sessions_series ON sessions (series_id);

        CREATE TABLE registrations (
          session_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          status TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (session_id, user_id)
        );
        CREATE INDEX registrations_user ON registrations (user_id);

        CREATE TABLE sanctions (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          user_id TEXT NOT NULL,
          room_id TEXT,
          reason TEXT,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER,
          lifted_at INTEGER
        );
        CREATE INDEX sanctions_user ON sanctions (user_id, kind);

        CREATE TABLE audit_log (
          id TEXT PRIMARY KEY,
          at INTEGER NOT NULL,
          actor_id TEXT NOT NULL,
          actor_role TEXT NOT NULL,
          action TEXT NOT NULL,
          target_user_id TEXT,
          room_id TEXT,
          session_id TEXT,
          message_id TEXT,
          reason TEXT,
          details TEXT
        );
        CREATE INDEX audit_room ON audit_log (room_id, at);
        CREATE INDEX audit_actor ON audit_log (actor_id, at);
        CREATE INDEX audit_target ON audit_log (target_user_id, action, at);
        CREATE INDEX audit_at ON audit_log (at);
        -- Append-only, enforced by the database itself.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

        CREATE TABLE attendance (
          id TEXT PRIMARY KEY,
          session_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          joined_at INTEGER NOT NULL,
          left_at INTEGER
        );
        CREATE INDEX attendance_session ON attendance (session_id, user_id);
      `),
  },
  {
    version: 3,
    name: "peer assignments, private conversations, read marks and availability",
    up: (db) =>
      db.exec(`
        CREATE TABLE assignments (
          id TEXT PRIMARY KEY,
          member_id TEXT NOT NULL,
          peer_id TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          ended_at INTEGER
        );
        CREATE INDEX assignments_member ON assignments (member_id, ended_at);
        CREATE INDEX assignments_peer ON assignments (peer_id, ended_at);
        -- One active assignment per pair; ended ones stay as history.
        CREATE UNIQUE INDEX assignments_active_pair ON assignments (member_id, peer_id) WHERE ended_at IS NULL;

        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          member_id TEXT NOT NULL,
          peer_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          read_only_since INTEGER
        );
        CREATE UNIQUE INDEX conversations_pair ON conversations (member_id, peer_id);
        CREATE INDEX conversations_peer ON conversations (peer_id);

        CREATE TABLE conversation_reads (
          conversation_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (conversation_id, user_id)
        );

        CREATE TABLE availability (
          user_id TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          message TEXT,
          updated_at INTEGER NOT NULL
        );
      `),
  },
  {
    version: 4,
    name: "crisis flags",
    up: (db) =>
      db.exec(`
        CREATE TABLE flags (
          id TEXT PRIMARY KEY,
          place_kind TEXT NOT NULL,
          place_id TEXT NOT NULL,
          author_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          message_seq INTEGER NOT NULL,
          severity TEXT NOT NULL,
          categories TEXT NOT NULL,
          terms TEXT NOT NULL,
          hits INTEGER NOT NULL,
          context TEXT NOT NULL,
          status TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          last_hit_at INTEGER NOT NULL,
          claimed_by TEXT,
          claimed_at INTEGER,
          resolved_by TEXT,
          resolved_at INTEGER,
          outcome TEXT,
          notes TEXT
        );
        CREATE INDEX flags_active ON flags (place_kind, place_id, author_id, status, last_hit_at);
        CREATE INDEX flags_status ON flags (status);
      `),
  },
  {
    version: 5,
    name: "overdue flag alerts",
    up: (db) =>
      db.exec(`
        -- One row per flag whose overdue alert was sent: the insert decides which node sends it.
        CREATE TABLE flag_alerts (flag_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
      `),
  },
  {
    version: 6,
    name: "lexicon override versions",
    up: (db) =>
      db.exec(`
        CREATE TABLE lexicon_versions (
          version INTEGER PRIMARY KEY,
          override TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
      `),
  },
  {
    version: 7,
    name: "held messages, context after a flag, on-call delivery log",
    up: (db) =>
      db.exec(`
        ALTER TABLE messages ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE flags ADD COLUMN held_message_ids TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX flags_last_hit ON flags (last_hit_at);
        -- Insert-only, one row per (flag, message): the first frozen copy is the evidence.
        CREATE TABLE flag_context (
          flag_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          author_id TEXT NOT NULL,
          author_name TEXT NOT NULL,
          body TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (flag_id, message_id)
        );
        CREATE TABLE oncall_attempts (
          id TEXT PRIMARY KEY,
          delivery_id TEXT NOT NULL,
          event TEXT NOT NULL,
          flag_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          status INTEGER,
          error TEXT,
          at INTEGER NOT NULL,
          outcome TEXT NOT NULL
        );
        CREATE INDEX oncall_attempts_flag ON oncall_attempts (flag_id, at);
        CREATE INDEX oncall_attempts_at ON oncall_attempts (at);
      `),
  },
  {
    version: 8,
    name: "lexicon entry ids on flags, shadow entry hits per day",
    up: (db) =>
      db.exec(`
        ALTER TABLE flags ADD COLUMN entry_ids TEXT NOT NULL DEFAULT '[]';
        -- Counts only: no text, no user ids.
        CREATE TABLE lexicon_shadow_hits (
          entry_id TEXT NOT NULL,
          lexicon_version TEXT NOT NULL,
          day TEXT NOT NULL,
          count INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          PRIMARY KEY (entry_id, lexicon_version, day)
        );
        CREATE INDEX lexicon_shadow_hits_day ON lexicon_shadow_hits (day);
      `),
  },
  {
    version: 9,
    name: "the review list: a flag's disposition, reasons and lane, promotion and dismissal",
    up: (db) =>
      db.exec(`
        -- Flags stored before this were all alerts in the paging queue.
        ALTER TABLE flags ADD COLUMN disposition TEXT NOT NULL DEFAULT 'alert';
        ALTER TABLE flags ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE flags ADD COLUMN lane TEXT NOT NULL DEFAULT 'page';
        ALTER TABLE flags ADD COLUMN promoted_by TEXT;
        ALTER TABLE flags ADD COLUMN promoted_at INTEGER;
        ALTER TABLE flags ADD COLUMN dismissed_by TEXT;
        ALTER TABLE flags ADD COLUMN dismissed_at INTEGER;
        -- The review list, newest first, and its retention sweep.
        CREATE INDEX flags_lane_created ON flags (lane, created_at, id);
      `),
  },
  {
    version: 10,
    name: "room:list is read a page at a time, in (created_at, id) order",
    up: (db) => db.exec("CREATE INDEX rooms_created ON rooms (created_at, id);"),
  },
  {
    version: 11,
    name: "data at rest: a sealed sample per encryption key, and who erased a message frozen into a flag",
    up: (db) =>
      db.exec(`
        CREATE TABLE key_canaries (key_id TEXT PRIMARY KEY, sealed TEXT NOT NULL);
        ALTER TABLE flag_context ADD COLUMN erased_at INTEGER;
        ALTER TABLE flag_context ADD COLUMN erased_by TEXT;
        -- A deleted message is looked for in every flag that froze it.
        CREATE INDEX flag_context_message ON flag_context (message_id);
      `),
  },
  {
    version: 12,
    name: "a message's author may edit it: when they last did",
    up: (db) => db.exec("ALTER TABLE messages ADD COLUMN edited_at INTEGER;"),
  },
  {
    version: 13,
    name: "a person's own rows, found for their export and erasure; the audit log open to pseudonyms",
    up: (db) =>
      db.exec(`
        CREATE INDEX messages_author ON messages (author_id, created_at, id);
        CREATE INDEX flags_author ON flags (author_id, created_at);
        CREATE INDEX flag_context_author ON flag_context (author_id);
        CREATE INDEX attendance_user ON attendance (user_id, joined_at);

        -- The audit log stays append-only but for what erasure requires: an erased account's id
        -- becomes a pseudonym, in a transaction that holds a row here. Nothing else can change an
        -- entry, and nothing can change what an entry says happened. (Deletes: migration 14.)
        CREATE TABLE audit_maintenance (reason TEXT PRIMARY KEY);
        DROP TRIGGER audit_log_no_update;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance) OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
            OR NEW.actor_role IS NOT OLD.actor_role OR NEW.room_id IS NOT OLD.room_id OR NEW.session_id IS NOT OLD.session_id
            OR NEW.message_id IS NOT OLD.message_id OR NEW.reason IS NOT OLD.reason
          BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      `),
  },
  { version: 14, name: "retention by age: the sweeps' indexes and claims, audit entries past retention may go", up: retentionSchema },
  { version: 17, name: "members in rooms: unique standing room names, reactions", up: roomSocialSchema },
  { version: 18, name: "members' reports of a message or a person", up: reportsSchema },
  { version: 19, name: "blocks between people in rooms", up: blocksSchema },
  { version: 20, name: "read marks in group rooms, for unread counts", up: roomReadsSchema },
  { version: 21, name: "a message's reactions go with it; a person's reactions found for export", up: reactionCleanupSchema },
  { version: 22, name: "a room's sanctions in force, listed for moderators", up: sanctionListsSchema },
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
