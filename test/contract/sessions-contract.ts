/**
 * The storage contract for scheduled sessions and moderation: sessions, registrations, sanctions,
 * the audit log, attendance, room settings and message erasure. Every Store runs it unchanged.
 */
import { randomUUID } from "node:crypto";
import type { AuditRecord, NewMessage, RoomRecord, SessionRecord, Store } from "../../server/src/storage/ports";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

const room = (over: Partial<RoomRecord> = {}): RoomRecord => ({
  id: randomUUID(),
  name: "Session room",
  topic: null,
  createdBy: "creator",
  createdAt: at("2026-01-01T00:00:00.000Z"),
  sessionId: null,
  locked: false,
  slowModeSeconds: 0,
  pinned: null,
  ...over,
});

const session = (roomId: string, over: Partial<SessionRecord> = {}): SessionRecord => {
  const id = randomUUID();
  return {
    id,
    seriesId: id,
    roomId,
    title: "Evening group",
    topic: "Sleep",
    description: null,
    startsAt: at("2026-03-01T18:00:00.000Z"),
    endsAt: at("2026-03-01T19:00:00.000Z"),
    capacity: 2,
    facilitatorIds: ["facilitator-1"],
    moderatorIds: [],
    audience: "all",
    inviteeIds: [],
    joinWindowMinutes: 10,
    createdBy: "creator",
    createdAt: at("2026-01-01T00:00:00.000Z"),
    cancelledAt: null,
    endedAt: null,
    ...over,
  };
};

const audit = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  id: randomUUID(),
  at: at("2026-03-01T18:30:00.000Z"),
  actorId: "mod-1",
  actorRole: "moderator",
  action: "mute",
  targetUserId: "user-1",
  roomId: "room-1",
  sessionId: null,
  messageId: null,
  reason: "spamming",
  details: { minutes: 10 },
  ...over,
});

export function describeSessionsContract(name: string, factory: StoreFactory): void {
  describe(`sessions and moderation contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    describe("room settings", () => {
      it("keeps a new room's settings and updates only what the patch names", async () => {
        const r = await store.rooms.create(room({ sessionId: "s-1" }));
        expect(await store.rooms.findById(r.id)).toEqual(r);
        const pinned = { body: "Welcome", byId: "mod-1", at: at("2026-03-01T18:05:00.000Z") };
        const locked = await store.rooms.updateSettings(r.id, { locked: true, pinned });
        expect(locked).toEqual({ ...r, locked: true, pinned });
        const slow = await store.rooms.updateSettings(r.id, { slowModeSeconds: 30, pinned: null });
        expect(slow).toEqual({ ...r, locked: true, slowModeSeconds: 30, pinned: null });
        expect(await store.rooms.updateSettings(randomUUID(), { locked: true })).toBeNull();
      });
    });

    describe("message erasure", () => {
      const msg = (roomId: string): NewMessage => ({
        id: randomUUID(),
        roomId,
        authorId: "a",
        authorName: "A",
        body: "something to delete",
        clientMsgId: randomUUID(),
        createdAt: at("2026-03-01T18:10:00.000Z"),
      });

      it("erases the body, keeps the seq, and keeps the first deletion time", async () => {
        const roomId = randomUUID();
        const first = (await store.messages.append(msg(roomId))).message;
        await store.messages.append(msg(roomId));
        expect(first.deletedAt).toBeNull();
        expect(await store.messages.findById(roomId, first.id)).toEqual(first);

        const erased = await store.messages.erase(roomId, first.id, at("2026-03-01T18:20:00.000Z"));
        expect(erased).toEqual({ ...first, body: "", deletedAt: at("2026-03-01T18:20:00.000Z") });
        expect((await store.messages.erase(roomId, first.id, at("2026-03-01T18:40:00.000Z")))?.deletedAt).toEqual(at("2026-03-01T18:20:00.000Z"));
        const history = await store.messages.history(roomId, { after: 0, limit: 10 });
        expect(history.map((m) => [m.seq, m.body])).toEqual([
          [1, ""],
          [2, "something to delete"],
        ]);
        expect(await store.messages.erase(roomId, randomUUID(), at("2026-03-01T18:20:00.000Z"))).toBeNull();
        // Another room's id does not reach this room's message.
        expect(await store.messages.findById(randomUUID(), first.id)).toBeNull();
      });

      it("edits the body of a message not deleted, stamping when, and nothing else", async () => {
        const roomId = randomUUID();
        const first = (await store.messages.append(msg(roomId))).message;
        const edited = await store.messages.edit(roomId, first.id, "said better", at("2026-03-01T18:12:00.000Z"));
        expect(edited).toEqual({ ...first, body: "said better", editedAt: at("2026-03-01T18:12:00.000Z") });
        expect(await store.messages.findById(roomId, first.id)).toEqual(edited);
        expect(await store.messages.edit(randomUUID(), first.id, "x", at("2026-03-01T18:13:00.000Z"))).toBeNull();
        await store.messages.erase(roomId, first.id, at("2026-03-01T18:14:00.000Z"));
        expect(await store.messages.edit(roomId, first.id, "back from the dead", at("2026-03-01T18:15:00.000Z"))).toBeNull();
        expect((await store.messages.findById(roomId, first.id))!.body).toBe("");
      });
    });

    describe("sessions", () => {
      it("creates, finds by id and by room, with arrays and dates intact", async () => {
        const s = await store.sessions.create(session("room-a", { facilitatorIds: ["f1", "f2"], inviteeIds: ["i1"], audience: "invite" }));
        expect(await store.sessions.findById(s.id)).toEqual(s);
        expect(await store.sessions.findByRoom("room-a")).toEqual(s);
        expect(await store.sessions.findById(randomUUID())).toBeNull();
        expect(await store.sessions.findByRoom(randomUUID())).toBeNull();
      });

      it("finds several by id in one read, skipping unknown ids", async () => {
        const a = await store.sessions.create(session(randomUUID()));
        const b = await store.sessions.create(session(randomUUID(), { audience: "invite", inviteeIds: ["i1"] }));
        const found = await store.sessions.findByIds([b.id, randomUUID(), a.id]);
        expect(found.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
        expect(found.find((s) => s.id === b.id)).toEqual(b);
        expect(await store.sessions.findByIds([])).toEqual([]);
      });

      it("updates the named fields only, and cancels idempotently", async () => {
        const s = await store.sessions.create(session(randomUUID()));
        const updated = await store.sessions.update(s.id, { title: "Renamed", endsAt: at("2026-03-01T19:30:00.000Z"), moderatorIds: ["m1"] });
        expect(updated).toEqual({ ...s, title: "Renamed", endsAt: at("2026-03-01T19:30:00.000Z"), moderatorIds: ["m1"] });
        const cancelled = await store.sessions.cancel(s.id, at("2026-02-01T00:00:00.000Z"));
        expect(cancelled?.cancelledAt).toEqual(at("2026-02-01T00:00:00.000Z"));
        expect((await store.sessions.cancel(s.id, at("2026-02-02T00:00:00.000Z")))?.cancelledAt).toEqual(at("2026-02-01T00:00:00.000Z"));
        expect(await store.sessions.update(randomUUID(), { title: "x" })).toBeNull();
      });

      it("lists the sessions overlapping a range, by start", async () => {
        const base = at("2030-05-01T10:00:00.000Z");
        const later = await store.sessions.create(session(randomUUID(), { startsAt: minutes(base, 120), endsAt: minutes(base, 180) }));
        const early = await store.sessions.create(session(randomUUID(), { startsAt: base, endsAt: minutes(base, 60) }));
        await store.sessions.create(session(randomUUID(), { startsAt: minutes(base, -120), endsAt: minutes(base, -60) }));
        const ids = (await store.sessions.listBetween(minutes(base, 30), minutes(base, 150))).map((s) => s.id);
        expect(ids).toEqual([early.id, later.id]);
      });

      it("reports due sessions and lets exactly one of many racing callers mark one ended", async () => {
        const base = at("2031-01-01T10:00:00.000Z");
        const due = await store.sessions.create(session(randomUUID(), { startsAt: minutes(base, -60), endsAt: base }));
        await store.sessions.create(session(randomUUID(), { startsAt: minutes(base, -60), endsAt: minutes(base, 1) }));
        const cancelled = await store.sessions.create(session(randomUUID(), { startsAt: minutes(base, -60), endsAt: base }));
        await store.sessions.cancel(cancelled.id, minutes(base, -30));
        const dueIds = (await store.sessions.dueToEnd(base, 100)).map((s) => s.id);
        expect(dueIds).toContain(due.id);
        expect(dueIds).not.toContain(cancelled.id);
        expect(dueIds.every((id) => id === due.id || id !== cancelled.id)).toBe(true);

        const results = await Promise.all(Array.from({ length: 8 }, () => store.sessions.markEnded(due.id, base)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.sessions.findById(due.id))?.endedAt).toEqual(base);
        expect((await store.sessions.dueToEnd(base, 100)).map((s) => s.id)).not.toContain(due.id);
      });
    });

    describe("registrations", () => {
      const t = (n: number) => minutes(at("2026-02-01T00:00:00.000Z"), n);

      it("registers up to capacity, waitlists the rest, and is idempotent", async () => {
        const sid = randomUUID();
        expect((await store.registrations.register(sid, "u1", t(1), 2)).status).toBe("registered");
        expect((await store.registrations.register(sid, "u2", t(2), 2)).status).toBe("registered");
        expect((await store.registrations.register(sid, "u3", t(3), 2)).status).toBe("waitlisted");
        expect(await store.registrations.register(sid, "u1", t(9), 2)).toEqual({ sessionId: sid, userId: "u1", status: "registered", createdAt: t(1) });
        expect((await store.registrations.list(sid)).map((r) => [r.userId, r.status])).toEqual([
          ["u1", "registered"],
          ["u2", "registered"],
          ["u3", "waitlisted"],
        ]);
        expect(await store.registrations.find(sid, "u3")).toMatchObject({ status: "waitlisted" });
        expect(await store.registrations.find(sid, "nobody")).toBeNull();
        expect((await store.registrations.listForUser("u2")).map((r) => r.sessionId)).toContain(sid);
      });

      it("never registers more than capacity under concurrent registrations", async () => {
        const sid = randomUUID();
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.registrations.register(sid, `u${i}`, t(i), 5)));
        expect(results.filter((r) => r.status === "registered")).toHaveLength(5);
        expect((await store.registrations.list(sid)).filter((r) => r.status === "registered")).toHaveLength(5);
      });

      it("promotes the longest-waiting user when a registered one leaves, and not when a waiting one does", async () => {
        const sid = randomUUID();
        for (const [i, u] of ["u1", "u2", "u3", "u4"].entries()) await store.registrations.register(sid, u, t(i), 2);
        const waitingLeaves = await store.registrations.unregister(sid, "u4", 2);
        expect(waitingLeaves.removed?.status).toBe("waitlisted");
        expect(waitingLeaves.promoted).toEqual([]);
        const left = await store.registrations.unregister(sid, "u1", 2);
        expect(left.removed?.userId).toBe("u1");
        expect(left.promoted.map((r) => [r.userId, r.status])).toEqual([["u3", "registered"]]);
        expect((await store.registrations.unregister(sid, "u1", 2)).removed).toBeNull();
        expect((await store.registrations.list(sid)).map((r) => [r.userId, r.status])).toEqual([
          ["u2", "registered"],
          ["u3", "registered"],
        ]);
      });

      it("fills newly added places from the waitlist in order", async () => {
        const sid = randomUUID();
        for (const [i, u] of ["u1", "u2", "u3", "u4"].entries()) await store.registrations.register(sid, u, t(i), 1);
        const promoted = await store.registrations.fill(sid, 3);
        expect(promoted.map((r) => r.userId)).toEqual(["u2", "u3"]);
        expect((await store.registrations.find(sid, "u4"))?.status).toBe("waitlisted");
      });
    });

    describe("sanctions", () => {
      const now = at("2026-03-01T18:30:00.000Z");
      const sanction = (over: Partial<Parameters<Store["sanctions"]["create"]>[0]> = {}) => ({
        id: randomUUID(),
        kind: "mute" as const,
        userId: "u1",
        roomId: "room-1",
        reason: "flooding",
        createdBy: "mod-1",
        createdAt: minutes(now, -5),
        expiresAt: minutes(now, 5),
        liftedAt: null,
        ...over,
      });

      it("finds the ones in force for the room and for every session, and not expired, lifted or other kinds", async () => {
        const inRoom = await store.sanctions.create(sanction());
        const everywhere = await store.sanctions.create(sanction({ roomId: null, expiresAt: null }));
        await store.sanctions.create(sanction({ expiresAt: minutes(now, -1) }));
        await store.sanctions.create(sanction({ roomId: "room-2" }));
        await store.sanctions.create(sanction({ kind: "ban" }));
        await store.sanctions.create(sanction({ userId: "u2" }));
        const ids = (await store.sanctions.active("mute", "u1", "room-1", now)).map((s) => s.id).sort();
        expect(ids).toEqual([inRoom.id, everywhere.id].sort());
      });

      it("lifts only the ones with exactly that scope", async () => {
        await store.sanctions.create(sanction({ kind: "ban" }));
        await store.sanctions.create(sanction({ kind: "ban", roomId: null, expiresAt: null }));
        expect(await store.sanctions.lift("ban", "u1", "room-1", now)).toBe(1);
        const left = await store.sanctions.active("ban", "u1", "room-1", now);
        expect(left.map((s) => s.roomId)).toEqual([null]);
        expect(await store.sanctions.lift("ban", "u1", null, now)).toBe(1);
        expect(await store.sanctions.active("ban", "u1", "room-1", now)).toEqual([]);
      });
    });

    describe("audit log", () => {
      it("returns entries newest first, filtered by room, user (actor or target), action and time", async () => {
        const roomId = randomUUID();
        const a1 = audit({ roomId, at: at("2026-03-01T18:00:00.000Z"), targetUserId: "t1" });
        const a2 = audit({ roomId, at: at("2026-03-01T18:10:00.000Z"), actorId: "t1", targetUserId: "t2", action: "lock", details: null, reason: null });
        const a3 = audit({ roomId, at: at("2026-03-01T18:20:00.000Z"), targetUserId: "t3" });
        const other = audit({ roomId: randomUUID(), at: at("2026-03-01T18:15:00.000Z"), targetUserId: "t1" });
        for (const e of [a1, a2, a3, other]) await store.audit.append(e);

        expect(await store.audit.query({ roomId, limit: 10 })).toEqual([a3, a2, a1]);
        expect((await store.audit.query({ roomId, userId: "t1", limit: 10 })).map((e) => e.id)).toEqual([a2.id, a1.id]);
        expect((await store.audit.query({ roomId, action: "lock", limit: 10 })).map((e) => e.id)).toEqual([a2.id]);
        const range = await store.audit.query({ roomId, from: at("2026-03-01T18:05:00.000Z"), to: at("2026-03-01T18:20:00.000Z"), limit: 10 });
        expect(range.map((e) => e.id)).toEqual([a2.id]);
        expect((await store.audit.query({ roomId, limit: 2 })).map((e) => e.id)).toEqual([a3.id, a2.id]);
      });

      it("counts an action against a target since a time", async () => {
        const target = randomUUID();
        for (const m of [0, 10, 20]) await store.audit.append(audit({ action: "warn", targetUserId: target, at: minutes(at("2026-03-01T18:00:00.000Z"), m) }));
        await store.audit.append(audit({ action: "mute", targetUserId: target }));
        expect(await store.audit.count("warn", target, at("2026-03-01T18:10:00.000Z"))).toBe(2);
      });
    });

    describe("attendance", () => {
      it("records join and leave intervals, one open interval per user, and closes all at the end", async () => {
        const sid = randomUUID();
        const t = (n: number) => minutes(at("2026-03-01T18:00:00.000Z"), n);
        await store.attendance.recordJoin({ id: randomUUID(), sessionId: sid, userId: "u1", joinedAt: t(0), leftAt: null });
        // A second tab joining does not open a second interval.
        await store.attendance.recordJoin({ id: randomUUID(), sessionId: sid, userId: "u1", joinedAt: t(1), leftAt: null });
        await store.attendance.recordLeave(sid, "u1", t(10));
        await store.attendance.recordJoin({ id: randomUUID(), sessionId: sid, userId: "u1", joinedAt: t(20), leftAt: null });
        await store.attendance.recordJoin({ id: randomUUID(), sessionId: sid, userId: "u2", joinedAt: t(5), leftAt: null });
        await store.attendance.closeAll(sid, t(60));
        const rows = (await store.attendance.list(sid)).map((r) => [r.userId, r.joinedAt.getTime(), r.leftAt?.getTime()]);
        expect(rows).toEqual([
          ["u1", t(0).getTime(), t(10).getTime()],
          ["u2", t(5).getTime(), t(60).getTime()],
          ["u1", t(20).getTime(), t(60).getTime()],
        ]);
      });
    });
  });
}
