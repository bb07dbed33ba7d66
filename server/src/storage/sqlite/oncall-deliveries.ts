import type { Database } from "better-sqlite3";
import type { OncallAttemptRecord, OncallDeliveryStore, OncallOutcome } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  delivery_id: string;
  event: string;
  flag_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
  outcome: string;
}

const toRecord = (r: Row): OncallAttemptRecord => ({
  id: r.id,
  deliveryId: r.delivery_id,
  event: r.event,
  flagId: r.flag_id,
  attempt: r.attempt,
  status: r.status,
  error: r.error,
  at: new Date(r.at),
  outcome: r.outcome as OncallOutcome,
});

export function sqliteOncallDeliveryStore(db: Database): OncallDeliveryStore {
  const insert = db.prepare(
    `INSERT INTO oncall_attempts (id, delivery_id, event, flag_id, attempt, status, error, at, outcome)
     VALUES (@id, @deliveryId, @event, @flagId, @attempt, @status, @error, @at, @outcome)`,
  );
  const all = db.prepare<[number], Row>("SELECT * FROM oncall_attempts ORDER BY at DESC, attempt DESC LIMIT ?");
  const forFlag = db.prepare<[string, number], Row>("SELECT * FROM oncall_attempts WHERE flag_id = ? ORDER BY at DESC, attempt DESC LIMIT ?");
  return {
    record: (a) =>
      run(() => {
        insert.run({ ...a, at: a.at.getTime() });
      }),
    list: ({ flagId, limit }) => run(() => (flagId ? forFlag.all(flagId, limit) : all.all(limit)).map(toRecord)),
  };
}
