import type { Database } from "better-sqlite3";
import type { RoomRecord, RoomStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  name: string;
  topic: string | null;
  created_by: string;
  created_at: number;
}

const toRecord = (r: Row): RoomRecord => ({ id: r.id, name: r.name, topic: r.topic, createdBy: r.created_by, createdAt: new Date(r.created_at) });

export function sqliteRoomStore(db: Database): RoomStore {
  const insert = db.prepare("INSERT INTO rooms (id, name, topic, created_by, created_at) VALUES (@id, @name, @topic, @createdBy, @createdAt)");
  const byId = db.prepare<[string], Row>("SELECT * FROM rooms WHERE id = ?");
  const all = db.prepare<[], Row>("SELECT * FROM rooms ORDER BY created_at, id");
  const addMember = db.prepare("INSERT INTO room_members (room_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const removeMember = db.prepare("DELETE FROM room_members WHERE room_id = ? AND user_id = ?");
  const isMember = db.prepare<[string, string], { one: number }>("SELECT 1 AS one FROM room_members WHERE room_id = ? AND user_id = ?");

  return {
    create: (r) =>
      run(() => {
        insert.run({ ...r, createdAt: r.createdAt.getTime() });
        return r;
      }),
    findById: (id) =>
      run(() => {
        const row = byId.get(id);
        return row ? toRecord(row) : null;
      }),
    list: () => run(() => all.all().map(toRecord)),
    addMember: (roomId, userId, at) =>
      run(() => {
        addMember.run(roomId, userId, at.getTime());
      }),
    removeMember: (roomId, userId) =>
      run(() => {
        removeMember.run(roomId, userId);
      }),
    isMember: (roomId, userId) => run(() => isMember.get(roomId, userId) !== undefined),
  };
}
