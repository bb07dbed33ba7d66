import type { Database } from "better-sqlite3";
import type { SanctionListStore } from "../sanction-list-ports";
import { run } from "./errors";
import { toRecord, type Row } from "./sanctions";

export function sqliteSanctionLists(db: Database): SanctionListStore {
  // The all-sessions bans (room_id NULL) apply in every room, so they are listed with the room's own.
  const inRoom = db.prepare<[{ roomId: string; now: number }], Row>(
    `SELECT * FROM sanctions WHERE (room_id = @roomId OR room_id IS NULL) AND lifted_at IS NULL
       AND (expires_at IS NULL OR expires_at > @now) ORDER BY created_at DESC, id DESC`,
  );
  const ofUser = db.prepare<[{ userId: string; limit: number }], Row>(`SELECT * FROM sanctions WHERE user_id = @userId ORDER BY created_at DESC, id DESC LIMIT @limit`);
  return {
    inForceInRoom: (roomId, now) => run(() => inRoom.all({ roomId, now: now.getTime() }).map(toRecord)),
    ofUser: (userId, limit) => run(() => ofUser.all({ userId, limit }).map(toRecord)),
  };
}
