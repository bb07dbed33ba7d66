/** Retention by age over SQLite: bounded batches, each one short write transaction. */
import type { Database } from "better-sqlite3";
import type { RetentionBatch, RetentionBatchQuery, RetentionClass, RetentionStore } from "../retention-ports";
import { run } from "./errors";
import { forgetErased } from "./forget-erased";

type Params = { before: number; at: number; limit: number };

// A place is a private conversation when a conversation has its id; otherwise it is a group room.
const IN_CONVERSATION = "EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.room_id)";
const NEWEST_SEQ = "(SELECT MAX(x.seq) FROM messages x WHERE x.room_id = m.room_id)";

/**
 * Every old message but the newest of its place goes; the newest is erased and kept, so the next
 * append still gets lastSeq + 1. The class is done when neither statement filled its limit.
 */
function messageSweep(db: Database, conversations: boolean): (p: Params) => number[] {
  const place = conversations ? IN_CONVERSATION : `NOT ${IN_CONVERSATION}`;
  const remove = db.prepare<[{ before: number; limit: number }]>(
    `DELETE FROM messages WHERE id IN (
       SELECT m.id FROM messages m WHERE m.created_at < @before AND ${place} AND m.seq < ${NEWEST_SEQ} LIMIT @limit)`,
  );
  const erase = db.prepare<[Params]>(
    `UPDATE messages SET body = '', deleted_at = COALESCE(deleted_at, @at) WHERE id IN (
       SELECT m.id FROM messages m WHERE m.created_at < @before AND (m.body != '' OR m.deleted_at IS NULL) AND ${place} AND m.seq = ${NEWEST_SEQ}
       LIMIT @limit)`,
  );
  return (p) => {
    const removed = remove.run({ before: p.before, limit: p.limit }).changes;
    // Only once the deletions are done: by then one old message at most is left per place, so the
    // erase reads little, where alongside a backlog it would read every old row in every batch.
    return [removed, removed < p.limit ? erase.run(p).changes : 0];
  };
}

/** Resolved flags lose their frozen context and notes; open and claimed ones are never selected. */
function flagContextSweep(db: Database): (p: Params) => number[] {
  const due = db.prepare<[{ before: number; limit: number }], { id: string }>(
    `SELECT f.id FROM flags f WHERE f.status = 'resolved' AND f.resolved_at < @before
       AND (f.context != '[]' OR f.notes IS NOT NULL OR EXISTS (SELECT 1 FROM flag_context c WHERE c.flag_id = f.id))
     LIMIT @limit`,
  );
  const clear = db.prepare("UPDATE flags SET context = '[]', notes = NULL WHERE id = ?");
  const dropAdded = db.prepare("DELETE FROM flag_context WHERE flag_id = ?");
  return (p) => {
    const ids = due.all({ before: p.before, limit: p.limit }).map((r) => r.id);
    for (const id of ids) {
      clear.run(id);
      dropAdded.run(id);
    }
    return [ids.length];
  };
}

function deleteOlder(db: Database, table: string, column: string): (p: Params) => number[] {
  const remove = db.prepare<[{ before: number; limit: number }]>(
    `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} < @before LIMIT @limit)`,
  );
  return (p) => [remove.run({ before: p.before, limit: p.limit }).changes];
}

/** The audit log's trigger lets a delete through only below a cutoff declared in the same transaction. */
function auditSweep(db: Database): (p: Params) => number[] {
  const declare = db.prepare("INSERT INTO audit_expiry (before) VALUES (?)");
  const remove = deleteOlder(db, "audit_log", "at");
  const withdraw = db.prepare("DELETE FROM audit_expiry");
  return (p) => {
    declare.run(p.before);
    const changed = remove(p);
    withdraw.run();
    return changed;
  };
}

export function sqliteRetentionStore(db: Database): RetentionStore {
  const sweeps: Record<RetentionClass, (p: Params) => number[]> = {
    roomMessages: messageSweep(db, false),
    privateMessages: messageSweep(db, true),
    flagContext: flagContextSweep(db),
    oncallLog: deleteOlder(db, "oncall_attempts", "at"),
    attendance: deleteOlder(db, "attendance", "joined_at"),
    audit: auditSweep(db),
  };
  const batch = db.transaction((dataClass: RetentionClass, p: Params) => sweeps[dataClass](p));
  const claim = db.prepare("INSERT INTO retention_claims (data_class, bucket, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const prune = db.prepare("DELETE FROM retention_claims WHERE at < ?");

  return {
    sweep: (dataClass, q: RetentionBatchQuery) =>
      run((): RetentionBatch => {
        const counts = batch.immediate(dataClass, { before: q.before.getTime(), at: q.at.getTime(), limit: q.limit });
        const changed = counts.reduce((a, b) => a + b, 0);
        // Nothing erased lingers in -wal until some later checkpoint.
        if (changed > 0) forgetErased(db);
        // Every statement selects only what is still due, so "more" needs no position: the next batch finds the rest.
        return { changed, next: counts.some((n) => n >= q.limit) ? "more" : null };
      }),
    claim: (dataClass, bucket, at) => run(() => claim.run(dataClass, bucket, at.getTime()).changes === 1),
    pruneClaims: (before) => run(() => prune.run(before.getTime()).changes),
  };
}
