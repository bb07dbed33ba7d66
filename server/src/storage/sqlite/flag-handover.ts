import type { Database } from "better-sqlite3";
import type { FlagHandoverStore } from "../handover-ports";
import type { FlagRecord } from "../ports";
import { run } from "./errors";

/** One conditional update: SQLite serialises writers, so the holder check and the change are one step. */
export function sqliteFlagHandover(db: Database, find: (id: string) => FlagRecord | null): FlagHandoverStore {
  const handOver = db.prepare(
    `UPDATE flags SET status = CASE WHEN @to IS NULL THEN 'open' ELSE 'claimed' END, claimed_by = @to,
       claimed_at = CASE WHEN @to IS NULL THEN NULL ELSE @at END
     WHERE id = @id AND lane = 'page' AND status != 'resolved' AND claimed_by IS @fromBy AND claimed_at IS @fromAt`,
  );
  return {
    handOver: (id, from, to, at) =>
      run(() => (handOver.run({ id, to, at: at.getTime(), fromBy: from.by, fromAt: from.at?.getTime() ?? null }).changes === 1 ? find(id) : null)),
  };
}
