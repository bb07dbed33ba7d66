import type { Database } from "better-sqlite3";
import type { AvailabilityRecord, AvailabilityStatus, AvailabilityStore } from "../ports";
import { run } from "./errors";

interface Row {
  user_id: string;
  status: string;
  message: string | null;
  updated_at: number;
}

export function sqliteAvailabilityStore(db: Database): AvailabilityStore {
  const upsert = db.prepare(
    `INSERT INTO availability (user_id, status, message, updated_at) VALUES (@userId, @status, @message, @updatedAt)
     ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, message = excluded.message, updated_at = excluded.updated_at`,
  );
  const one = db.prepare<[string], Row>("SELECT * FROM availability WHERE user_id = ?");
  const toRecord = (r: Row): AvailabilityRecord => ({ userId: r.user_id, status: r.status as AvailabilityStatus, message: r.message, updatedAt: new Date(r.updated_at) });

  return {
    set: (a) =>
      run(() => {
        upsert.run({ ...a, updatedAt: a.updatedAt.getTime() });
      }),
    get: (userIds) => run(() => userIds.flatMap((id) => (one.get(id) ? [toRecord(one.get(id)!)] : []))),
  };
}
