import type { Database } from "better-sqlite3";
import type { RoomRecord, RoomSettingsPatch, RoomStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  name: string;
  topic: string | null;
  created_by: string;
  created_at: number;
  session_id: string | null;
  locked: number;
  slow_mode_seconds: number;
  pinned_body: string | null;
  pinned_by: string | null;
  pinned_at: number | null;
}

const toRecord = (r: Row): RoomRecord => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  sessionId: r.session_id,
  locked: r.locked === 1,
  slowModeSeconds: r.slow_mode_seconds,
  pinned: r.pinned_body !== null && r.pinned_by !== null && r.pinned_at !== null ? { body: r.pinned_body, byId: r.pinned_by, at: new Date(r.pinned_at) } : null,
});

export function sqliteRoomStore(db: Database): RoomStore {
  const insert = db.prepare(
    `INSERT INTO rooms (id, name, topic, created_by, created_at, session_id, locked, slow_mode_seconds, pinned_body, pinned_by, pinned_at)
     VALUES (@id, @name, @topic, @createdBy, @createdAt, @sessionId, @locked, @slowModeSeconds, @pinnedBody, @pinnedBy, @pinnedAt)`,
  );
  const claimName = db.prepare("INSERT INTO room_names (name_key, room_id) VALUES (?, ?)");
  const byId = db.prepare<[string], Row>("SELECT * FROM rooms WHERE id = ?");
  const all = db.prepare<[], Row>("SELECT * FROM rooms ORDER BY created_at, id");
  const first = db.prepare<[number], Row>("SELECT * FROM rooms ORDER BY created_at, id LIMIT ?");
  const after = db.prepare<[number, number, string, number], Row>(
    "SELECT * FROM rooms WHERE created_at > ? OR (created_at = ? AND id > ?) ORDER BY created_at, id LIMIT ?",
  );
  const addMember = db.prepare("INSERT INTO room_members (room_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const removeMember = db.prepare("DELETE FROM room_members WHERE room_id = ? AND user_id = ?");
  const isMember = db.prepare<[string, string], { one: number }>("SELECT 1 AS one FROM room_members WHERE room_id = ? AND user_id = ?");
  const setLocked = db.prepare("UPDATE rooms SET locked = ? WHERE id = ?");
  const setSlowMode = db.prepare("UPDATE rooms SET slow_mode_seconds = ? WHERE id = ?");
  const setPinned = db.prepare("UPDATE rooms SET pinned_body = ?, pinned_by = ?, pinned_at = ? WHERE id = ?");

  const update = db.transaction((roomId: string, patch: RoomSettingsPatch): Row | undefined => {
    if (patch.locked !== undefined) setLocked.run(patch.locked ? 1 : 0, roomId);
    if (patch.slowModeSeconds !== undefined) setSlowMode.run(patch.slowModeSeconds, roomId);
    if (patch.pinned !== undefined) setPinned.run(patch.pinned?.body ?? null, patch.pinned?.byId ?? null, patch.pinned?.at.getTime() ?? null, roomId);
    return byId.get(roomId);
  });

  const insertRoom = (r: RoomRecord) =>
    insert.run({
          id: r.id,
          name: r.name,
          topic: r.topic,
          createdBy: r.createdBy,
          createdAt: r.createdAt.getTime(),
          sessionId: r.sessionId,
          locked: r.locked ? 1 : 0,
          slowModeSeconds: r.slowModeSeconds,
          pinnedBody: r.pinned?.body ?? null,
          pinnedBy: r.pinned?.byId ?? null,
      pinnedAt: r.pinned?.at.getTime() ?? null,
    });
  const insertNamed = db.transaction((r: RoomRecord, nameKey: string) => {
    claimName.run(nameKey, r.id);
    insertRoom(r);
  });

  return {
    create: (r) =>
      run(() => {
        insertRoom(r);
        return r;
      }),
    createNamed: (r, nameKey) =>
      run(() => {
        insertNamed.immediate(r, nameKey);
        return r;
      }),
    findById: (id) =>
      run(() => {
        const row = byId.get(id);
        return row ? toRecord(row) : null;
      }),
    list: () => run(() => all.all().map(toRecord)),
    listPage: ({ after: cursor, limit }) =>
      run(() => (cursor ? after.all(cursor.createdAt.getTime(), cursor.createdAt.getTime(), cursor.id, limit) : first.all(limit)).map(toRecord)),
    addMember: (roomId, userId, at) =>
      run(() => {
        addMember.run(roomId, userId, at.getTime());
      }),
    removeMember: (roomId, userId) =>
      run(() => {
        removeMember.run(roomId, userId);
      }),
    isMember: (roomId, userId) => run(() => isMember.get(roomId, userId) !== undefined),
    updateSettings: (roomId, patch) =>
      run(() => {
        const row = update.immediate(roomId, patch);
        return row ? toRecord(row) : null;
      }),
  };
}
