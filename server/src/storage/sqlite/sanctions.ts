import type { Database } from "better-sqlite3";
import type { SanctionKind, SanctionRecord, SanctionStore } from "../ports";
import { run } from "./errors";

export interface Row {
  id: string;
  kind: string;
  user_id: string;
  room_id: string | null;
  reason: string | null;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  lifted_at: number | null;
}

export const toRecord = (r: Row): SanctionRecord => ({
  id: r.id,
  kind: r.kind as SanctionKind,
  userId: r.user_id,
  roomId: r.room_id,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
  liftedAt: r.lifted_at === null ? null : new Date(r.lifted_at),
});

const IN_FORCE = "kind = @kind AND user_id = @userId AND lifted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)";

export function sqliteSanctionStore(db: Database): SanctionStore {
  const insert = db.prepare(
    `INSERT INTO sanctions (id, kind, user_id, room_id, reason, created_by, created_at, expires_at, lifted_at)
     VALUES (@id, @kind, @userId, @roomId, @reason, @createdBy, @createdAt, @expiresAt, @liftedAt)`,
  );
  const active = db.prepare<[{ kind: string; userId: string; roomId: string; now: number }], Row>(
    `SELECT * FROM sanctions WHERE ${IN_FORCE} AND (room_id = @roomId OR room_id IS NULL) ORDER BY created_at, id`,
  );
  const liftRoom = db.prepare(`UPDATE sanctions SET lifted_at = @now WHERE ${IN_FORCE} AND room_id = @roomId`);
  const liftAll = db.prepare(`UPDATE sanctions SET lifted_at = @now WHERE ${IN_FORCE} AND room_id IS NULL`);

  return {
    create: (s) =>
      run(() => {
        insert.run({
          ...s,
          createdAt: s.createdAt.getTime(),
          expiresAt: s.expiresAt?.getTime() ?? null,
          liftedAt: s.liftedAt?.getTime() ?? null,
        });
        return s;
      }),
    active: (kind, userId, roomId, now) => run(() => active.all({ kind, userId, roomId, now: now.getTime() }).map(toRecord)),
    lift: (kind, userId, roomId, at) =>
      run(() => {
        const params = { kind, userId, roomId, now: at.getTime() };
        return roomId === null ? liftAll.run(params).changes : liftRoom.run(params).changes;
      }),
  };
}
