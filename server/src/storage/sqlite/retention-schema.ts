import type { Database } from "better-sqlite3";

/** Migration 14 (see migrations.ts): what the retention sweep (retention.ts) relies on. */
export function retentionSchema(db: Database): void {
  db.exec(`
    -- Each sweep reads its class oldest first, from the cutoff down.
    CREATE INDEX messages_created ON messages (created_at);
    CREATE INDEX attendance_joined ON attendance (joined_at);
    CREATE INDEX flags_resolved ON flags (status, resolved_at);

    -- One row per (class, time bucket): the insert decides which node sweeps.
    CREATE TABLE retention_claims (
      data_class TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (data_class, bucket)
    );
    CREATE INDEX retention_claims_at ON retention_claims (at);

    -- The audit log stays append-only, enforced by the database, except for entries older than a
    -- cutoff the retention sweep writes here in the same transaction as its delete (and removes
    -- before committing, so no other connection ever sees a row).
    CREATE TABLE audit_expiry (before INTEGER NOT NULL);
    DROP TRIGGER IF EXISTS audit_log_no_delete;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (SELECT 1 FROM audit_expiry WHERE OLD.at < audit_expiry.before)
      BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `);
}
