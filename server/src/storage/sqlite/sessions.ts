import type { Database } from "better-sqlite3";
import type { Audience, SessionPatch, SessionRecord, SessionStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  series_id: string;
  room_id: string;
  title: string;
  topic: string | null;
  description: string | null;
  starts_at: number;
  ends_at: number;
  capacity: number;
  facilitator_ids: string;
  moderator_ids: string;
  audience: string;
  invitee_ids: string;
  join_window_minutes: number;
  created_by: string;
  created_at: number;
  cancelled_at: number | null;
  ended_at: number | null;
}

const date = (n: number | null) => (n === null ? null : new Date(n));

const toRecord = (r: Row): SessionRecord => ({
  id: r.id,
  seriesId: r.series_id,
  roomId: r.room_id,
  title: r.title,
  topic: r.topic,
  description: r.description,
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  capacity: r.capacity,
  facilitatorIds: JSON.parse(r.facilitator_ids) as string[],
  moderatorIds: JSON.parse(r.moderator_ids) as string[],
  audience: r.audience as Audience,
  inviteeIds: JSON.parse(r.invitee_ids) as string[],
  joinWindowMinutes: r.join_window_minutes,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  cancelledAt: date(r.cancelled_at),
  endedAt: date(r.ended_at),
});

/** Record fields to columns, for inserts and for patches alike. */
const COLUMNS: Record<keyof SessionPatch, [string, (v: never) => unknown]> = {
  title: ["title", (v: string) => v],
  topic: ["topic", (v: string | null) => v],
  description: ["description", (v: string | null) => v],
  startsAt: ["starts_at", (v: Date) => v.getTime()],
  endsAt: ["ends_at", (v: Date) => v.getTime()],
  capacity: ["capacity", (v: number) => v],
  facilitatorIds: ["facilitator_ids", (v: string[]) => JSON.stringify(v)],
  moderatorIds: ["moderator_ids", (v: string[]) => JSON.stringify(v)],
  audience: ["audience", (v: string) => v],
  inviteeIds: ["invitee_ids", (v: string[]) => JSON.stringify(v)],
  joinWindowMinutes: ["join_window_minutes", (v: number) => v],
};

export function sqliteSessionStore(db: Database): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (id, series_id, room_id, title, topic, description, starts_at, ends_at, capacity, facilitator_ids,
       moderator_ids, audience, invitee_ids, join_window_minutes, created_by, created_at, cancelled_at, ended_at)
     VALUES (@id, @series_id, @room_id, @title, @topic, @description, @starts_at, @ends_at, @capacity, @facilitator_ids,
       @moderator_ids, @audience, @invitee_ids, @join_window_minutes, @created_by, @created_at, @cancelled_at, @ended_at)`,
  );
  const byId = db.prepare<[string], Row>("SELECT * FROM sessions WHERE id = ?");
  const byRoom = db.prepare<[string], Row>("SELECT * FROM sessions WHERE room_id = ?");
  const cancel = db.prepare("UPDATE sessions SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL");
  const between = db.prepare<[number, number], Row>("SELECT * FROM sessions WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at, id");
  const due = db.prepare<[number, number], Row>(
    "SELECT * FROM sessions WHERE ended_at IS NULL AND cancelled_at IS NULL AND ends_at <= ? ORDER BY ends_at LIMIT ?",
  );
  const markEnded = db.prepare("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL");

  const find = (id: string) => {
    const row = byId.get(id);
    return row ? toRecord(row) : null;
  };

  return {
    create: (s) =>
      run(() => {
        insert.run({
          id: s.id,
          series_id: s.seriesId,
          room_id: s.roomId,
          title: s.title,
          topic: s.topic,
          description: s.description,
          starts_at: s.startsAt.getTime(),
          ends_at: s.endsAt.getTime(),
          capacity: s.capacity,
          facilitator_ids: JSON.stringify(s.facilitatorIds),
          moderator_ids: JSON.stringify(s.moderatorIds),
          audience: s.audience,
          invitee_ids: JSON.stringify(s.inviteeIds),
          join_window_minutes: s.joinWindowMinutes,
          created_by: s.createdBy,
          created_at: s.createdAt.getTime(),
          cancelled_at: s.cancelledAt?.getTime() ?? null,
          ended_at: s.endedAt?.getTime() ?? null,
        });
        return s;
      }),
    findById: (id) => run(() => find(id)),
    findByIds: (ids) =>
      run(() =>
        ids.length === 0
          ? []
          : db.prepare<string[], Row>(`SELECT * FROM sessions WHERE id IN (${ids.map(() => "?").join(",")})`).all(...ids).map(toRecord),
      ),
    findByRoom: (roomId) =>
      run(() => {
        const row = byRoom.get(roomId);
        return row ? toRecord(row) : null;
      }),
    update: (id, patch) =>
      run(() => {
        const entries = (Object.keys(patch) as (keyof SessionPatch)[]).filter((k) => patch[k] !== undefined && k in COLUMNS);
        if (entries.length > 0) {
          // Column names come from the fixed COLUMNS table above, never from input.
          const sets = entries.map((k) => `${COLUMNS[k][0]} = ?`).join(", ");
          const values = entries.map((k) => COLUMNS[k][1](patch[k] as never));
          db.prepare(`UPDATE sessions SET ${sets} WHERE id = ?`).run(...values, id);
        }
        return find(id);
      }),
    cancel: (id, at) =>
      run(() => {
        cancel.run(at.getTime(), id);
        return find(id);
      }),
    listBetween: (from, to) => run(() => between.all(to.getTime(), from.getTime()).map(toRecord)),
    dueToEnd: (now, limit) => run(() => due.all(now.getTime(), limit).map(toRecord)),
    markEnded: (id, at) => run(() => markEnded.run(at.getTime(), id).changes === 1),
  };
}
