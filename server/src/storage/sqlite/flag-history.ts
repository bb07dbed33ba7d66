import type { Database } from "better-sqlite3";
import type { FlagHistoryStore } from "../history-ports";
import type { FlagRecord } from "../ports";
import { run } from "./errors";

/** Walks the (status, resolved_at) index from the newest resolution down; null parameters match everything. */
export function sqliteFlagHistory(db: Database, full: (row: unknown) => FlagRecord): FlagHistoryStore {
  const page = db.prepare(
    `SELECT * FROM flags WHERE status = 'resolved' AND lane = 'page'
       AND (@outcome IS NULL OR outcome = @outcome)
       AND (@kind IS NULL OR (place_kind = @kind AND place_id = @place))
       AND (@from IS NULL OR resolved_at >= @from) AND (@to IS NULL OR resolved_at < @to)
       AND (@beforeAt IS NULL OR resolved_at < @beforeAt OR (resolved_at = @beforeAt AND id < @beforeId))
     ORDER BY resolved_at DESC, id DESC LIMIT @limit`,
  );
  return {
    listResolved: (q) =>
      run(() =>
        page
          .all({
            outcome: q.outcome ?? null,
            kind: q.place?.kind ?? null,
            place: q.place?.id ?? null,
            from: q.from?.getTime() ?? null,
            to: q.to?.getTime() ?? null,
            beforeAt: q.before?.resolvedAt.getTime() ?? null,
            beforeId: q.before?.id ?? null,
            limit: q.limit,
          })
          .map(full),
      ),
  };
}
