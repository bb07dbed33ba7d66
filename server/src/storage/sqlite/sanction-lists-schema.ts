import type { Database } from "better-sqlite3";

/** A room's mutes and bans in force are listed by room: without this index that reads every sanction ever given. */
export function sanctionListsSchema(db: Database): void {
  db.exec(`CREATE INDEX sanctions_room ON sanctions (room_id, lifted_at, expires_at)`);
}
