/** The review list over the SQLite flags table: the `list` lane, promotion, dismissal and retention. */
import type { Database } from "better-sqlite3";
import type { FlagRecord, FlagReviewStore } from "../ports";
import { run } from "./errors";

export function sqliteFlagReview(db: Database, full: (row: unknown) => FlagRecord): FlagReviewStore {
  const first = db.prepare<[{ limit: number }], unknown>("SELECT * FROM flags WHERE lane = 'list' ORDER BY created_at DESC, id DESC LIMIT @limit");
  // Strictly older than the cursor: an earlier time, or the same time and a smaller id.
  const after = db.prepare<[{ at: number; id: string; limit: number }], unknown>(
    `SELECT * FROM flags WHERE lane = 'list' AND (created_at < @at OR (created_at = @at AND id < @id))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const byId = db.prepare<[string], unknown>("SELECT * FROM flags WHERE id = ?");
  const promote = db.prepare("UPDATE flags SET lane = 'page', promoted_by = ?, promoted_at = ? WHERE id = ? AND lane = 'list'");
  const dismiss = db.prepare("UPDATE flags SET lane = 'dismissed', dismissed_by = ?, dismissed_at = ? WHERE id = ? AND lane = 'list'");
  const purgeContext = db.prepare("DELETE FROM flag_context WHERE flag_id IN (SELECT id FROM flags WHERE lane IN ('list', 'dismissed') AND created_at < ?)");
  const purge = db.prepare("DELETE FROM flags WHERE lane IN ('list', 'dismissed') AND created_at < ?");
  const purgeTx = db.transaction((before: number) => {
    purgeContext.run(before);
    return purge.run(before).changes;
  });
  const find = (id: string) => {
    const row = byId.get(id);
    return row ? full(row) : null;
  };

  return {
    listReview: ({ before, limit }) =>
      run(() => (before ? after.all({ at: before.createdAt.getTime(), id: before.id, limit }) : first.all({ limit })).map(full)),
    promote: (id, by, at) => run(() => (promote.run(by, at.getTime(), id).changes === 1 ? find(id) : null)),
    dismiss: (id, by, at) => run(() => (dismiss.run(by, at.getTime(), id).changes === 1 ? find(id) : null)),
    purgeReview: (before) => run(() => purgeTx.immediate(before.getTime())),
  };
}
