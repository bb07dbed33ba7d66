import { randomUUID } from "node:crypto";
import type { AuditEntry, SessionDetail } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, minutesFrom, type ManualClock } from "../support/clock";
import { collect, expectOk, nextEvent, request, settle, startTestServer, waitForEvent, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  type Client = Awaited<ReturnType<TestServer["connectAs"]>>;
  let moderator: Client;
  let facilitator: Client;
  let admin: Client;

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({ store: await openStore(), deps: { clock }, env: { WARN_LADDER_THRESHOLD: "3", WARN_LADDER_WINDOW_MINUTES: "60", WARN_LADDER_MUTE_MINUTES: "20" } });
    moderator = await server.connectAs("moderator");
    facilitator = await server.connectAs("peer");
    admin = await server.connectAs("admin");
  });
  afterAll(() => server.close());

  /** A session open now, facilitated by `facilitator`, with the given members joined. */
  async function openSession(memberCount = 1) {
    const res = await api<{ sessions: SessionDetail[] }>(server.url, moderator.token, "POST", "/api/sessions", {
      title: "Group",
      startsAt: minutesFrom(clock, 1).toISOString(),
      endsAt: minutesFrom(clock, 90).toISOString(),
      capacity: 20,
      facilitatorIds: [facilitator.user.id],
    });
    const session = res.body.sessions[0]!;
    expectOk(await request(facilitator.socket, "room:join", { roomId: session.roomId }));
    const members: Client[] = [];
    for (let i = 0; i < memberCount; i++) {
      const m = await server.connectAs("member");
      expectOk(await request(m.socket, "room:join", { roomId: session.roomId }));
      members.push(m);
    }
    return { session, roomId: session.roomId, members };
  }

  const send = (socket: ClientSocket, roomId: string, body = "hello") => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });

  async function auditFor(roomId: string): Promise<AuditEntry[]> {
    const res = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?roomId=${roomId}`);
    expect(res.status).toBe(200);
    return res.body.entries;
  }

  describe("mute", () => {
    it("refuses a muted member's sends with the time left, tells them, and lets them speak after unmute", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      const notice = nextEvent(m.socket, "moderation:notice");
      const muted = expectOk(await request(facilitator.socket, "moderation:mute", { roomId, userId: m.user.id, minutes: 10, reason: "cool off" }));
      expect(muted.until).toBe(minutesFrom(clock, 10).toISOString());
      expect(await notice).toEqual({ kind: "muted", roomId, reason: "cool off", until: muted.until });

      const refused = await send(m.socket, roomId);
      expect(refused.ok === false && refused.error).toMatchObject({ code: "muted", details: { until: muted.until, retryAfterSeconds: 600 } });

      expectOk(await request(facilitator.socket, "moderation:unmute", { roomId, userId: m.user.id }));
      expectOk(await send(m.socket, roomId));
    });

    it("tells a muted member on joining again, from another tab, that they are muted and until when", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      expect(expectOk(await request(m.socket, "room:join", { roomId })).muted).toBeNull();
      const muted = expectOk(await request(facilitator.socket, "moderation:mute", { roomId, userId: m.user.id, minutes: 10 }));
      const secondTab = await server.connect(m.token);
      try {
        expect(expectOk(await request(secondTab, "room:join", { roomId })).muted).toEqual({ until: muted.until });
        expectOk(await request(facilitator.socket, "moderation:unmute", { roomId, userId: m.user.id }));
        expect(expectOk(await request(secondTab, "room:join", { roomId })).muted).toBeNull();
      } finally {
        secondTab.disconnect();
      }
    });

    it("ends by itself when its time is up", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      expectOk(await request(moderator.socket, "moderation:mute", { roomId, userId: m.user.id, minutes: 5 }));
      clock.advanceMinutes(5);
      try {
        expectOk(await send(m.socket, roomId));
      } finally {
        clock.advanceMinutes(-5);
      }
    });
  });

  describe("remove and ban", () => {
    it("takes a removed member out of the room on all their tabs, tells the room, and keeps them out of this session", async () => {
      const { roomId, members } = await openSession(2);
      const [target, witness] = members as [Client, Client];
      const secondTab = await server.connect(target.token);
      expectOk(await request(secondTab, "room:join", { roomId }));
      const seenByTarget = collect(secondTab, "message:created");
      const left = waitForEvent(witness.socket, "presence:left", (e) => e.userId === target.user.id);
      const notice = nextEvent(target.socket, "moderation:notice");

      expectOk(await request(facilitator.socket, "moderation:remove", { roomId, userId: target.user.id, reason: "disruptive" }));
      await left;
      expect((await notice).kind).toBe("removed");
      expectOk(await send(witness.socket, roomId, "after removal"));
      await settle();
      expect(seenByTarget).toEqual([]);
      const rejoin = await request(target.socket, "room:join", { roomId });
      expect(rejoin.ok === false && rejoin.error.code).toBe("forbidden");
      const write = await send(target.socket, roomId);
      expect(write.ok === false && write.error.code).toBe("forbidden");
    });

    it("keeps someone removed from a standing room out for an hour, and says until when", async () => {
      const room = expectOk(await request(moderator.socket, "room:create", { name: `Standing ${randomUUID().slice(0, 8)}` }));
      const target = await server.connectAs("member");
      expectOk(await request(target.socket, "room:join", { roomId: room.id }));
      const notice = nextEvent(target.socket, "moderation:notice");
      const removed = expectOk(await request(moderator.socket, "moderation:remove", { roomId: room.id, userId: target.user.id, reason: "heated" }));
      expect(removed.until).toBe(minutesFrom(clock, 60).toISOString());
      expect(await notice).toEqual({ kind: "removed", roomId: room.id, reason: "heated", until: removed.until });
      const rejoin = await request(target.socket, "room:join", { roomId: room.id });
      expect(rejoin.ok === false && rejoin.error.code).toBe("forbidden");
      // Not for ever: the ban ends with the hour. (The shared clock is not moved: tokens would expire.)
      expect(await server.store.sanctions.active("ban", target.user.id, room.id, minutesFrom(clock, 59))).toHaveLength(1);
      expect(await server.store.sanctions.active("ban", target.user.id, room.id, minutesFrom(clock, 61))).toHaveLength(0);
      expect((await auditFor(room.id)).find((e) => e.action === "remove")).toMatchObject({ reason: "heated", details: { minutes: 60 } });
    });

    it("bans from every session only when staff do it, until lifted", async () => {
      const first = await openSession();
      const second = await openSession(0);
      const target = first.members[0]!;
      const byFacilitator = await request(facilitator.socket, "moderation:ban", { roomId: first.roomId, userId: target.user.id, scope: "all", reason: "threats" });
      expect(byFacilitator.ok === false && byFacilitator.error.code).toBe("forbidden");

      expectOk(await request(moderator.socket, "moderation:ban", { roomId: first.roomId, userId: target.user.id, scope: "all", reason: "threats", expiresInMinutes: 60 }));
      const elsewhere = await request(target.socket, "room:join", { roomId: second.roomId });
      expect(elsewhere.ok === false && elsewhere.error.code).toBe("forbidden");
      const register = await api(server.url, target.token, "PUT", `/api/sessions/${second.session.id}/registration`);
      expect(register.status).toBe(403);

      expectOk(await request(moderator.socket, "moderation:unban", { roomId: first.roomId, userId: target.user.id, scope: "all" }));
      expectOk(await request(target.socket, "room:join", { roomId: second.roomId }));
    });

    it("does not let a facilitator act against a moderator or against themselves", async () => {
      const { roomId } = await openSession(0);
      expectOk(await request(moderator.socket, "room:join", { roomId }));
      const againstModerator = await request(facilitator.socket, "moderation:mute", { roomId, userId: moderator.user.id, minutes: 5 });
      expect(againstModerator.ok === false && againstModerator.error.code).toBe("forbidden");
      const self = await request(facilitator.socket, "moderation:warn", { roomId, userId: facilitator.user.id, reason: "x" });
      expect(self.ok === false && self.error.code).toBe("forbidden");
    });
  });

  describe("message deletion", () => {
    it("erases the body from storage, tells everyone, and keeps the seq in history", async () => {
      const { roomId, members } = await openSession(2);
      const [author, reader] = members as [Client, Client];
      const sent = expectOk(await send(author.socket, roomId, "something hurtful"));
      const deleted = nextEvent(reader.socket, "message:deleted");
      expectOk(await request(facilitator.socket, "message:delete", { roomId, messageId: sent.id, reason: "abusive" }));
      expect(await deleted).toEqual({ roomId, messageId: sent.id, seq: sent.seq });

      const stored = await server.store.messages.findById(roomId, sent.id);
      expect(stored?.body).toBe("");
      const page = expectOk(await request(reader.socket, "message:history", { roomId }));
      expect(page.messages.find((m) => m.id === sent.id)).toMatchObject({ body: "", seq: sent.seq, deletedAt: expect.any(String) });
      // The audit entry names the message, not its words, and survives the deletion.
      const entry = (await auditFor(roomId)).find((e) => e.action === "message.delete");
      expect(entry).toMatchObject({ messageId: sent.id, targetUserId: author.user.id, reason: "abusive", actorId: facilitator.user.id, actorRole: "peer" });
      expect(JSON.stringify(await auditFor(roomId))).not.toContain("something hurtful");
    });
  });

  describe("room controls", () => {
    it("locks the room for members but not for its facilitator", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      const updated = nextEvent(m.socket, "room:updated");
      expectOk(await request(facilitator.socket, "room:lock", { roomId, locked: true }));
      expect((await updated).locked).toBe(true);
      const refused = await send(m.socket, roomId);
      expect(refused.ok === false && refused.error).toMatchObject({ code: "room_closed", details: { reason: "locked" } });
      expectOk(await send(facilitator.socket, roomId, "facilitator speaks"));
      expectOk(await request(facilitator.socket, "room:lock", { roomId, locked: false }));
      expectOk(await send(m.socket, roomId));
    });

    it("allows one message per interval per member in slow mode, and exempts the facilitator", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      expectOk(await request(facilitator.socket, "room:slow_mode", { roomId, seconds: 30 }));
      expectOk(await send(m.socket, roomId, "first"));
      const second = await send(m.socket, roomId, "second");
      expect(second.ok === false && second.error).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } });
      expectOk(await send(facilitator.socket, roomId, "one"));
      expectOk(await send(facilitator.socket, roomId, "two"));
    });

    it("pins an announcement that joiners see, and unpins it", async () => {
      const { roomId } = await openSession(0);
      expectOk(await request(facilitator.socket, "room:pin", { roomId, body: "Be kind. Crisis line: 988." }));
      const late = await server.connectAs("member");
      const joined = expectOk(await request(late.socket, "room:join", { roomId }));
      expect(joined.room.pinned).toMatchObject({ body: "Be kind. Crisis line: 988.", byId: facilitator.user.id });
      const room = expectOk(await request(facilitator.socket, "room:pin", { roomId, body: null }));
      expect(room.pinned).toBeNull();
    });

    it("lets a moderator watch without appearing in presence, and refuses watch mode to members", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      const joins = collect(m.socket, "presence:joined");
      const watcher = await server.connectAs("moderator");
      expectOk(await request(watcher.socket, "room:join", { roomId, watch: true }));
      const later = await server.connectAs("member");
      const seen = expectOk(await request(later.socket, "room:join", { roomId }));
      expect(seen.present.map((u) => u.id)).not.toContain(watcher.user.id);
      await settle();
      expect(joins.map((e) => e.user.id)).not.toContain(watcher.user.id);
      // The watcher still receives the room.
      const received = nextEvent(watcher.socket, "message:created");
      expectOk(await send(m.socket, roomId, "watched"));
      expect((await received).body).toBe("watched");

      const refused = await request(m.socket, "room:join", { roomId, watch: true });
      expect(refused.ok === false && refused.error.code).toBe("forbidden");
    });
  });

  describe("warning ladder", () => {
    it("mutes a member automatically at the third warning within the window", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      const w1 = expectOk(await request(facilitator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "language" }));
      expect(w1).toMatchObject({ warnings: 1, autoMuted: false });
      expectOk(await request(facilitator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "language" }));
      expectOk(await send(m.socket, roomId));
      const w3 = expectOk(await request(facilitator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "language" }));
      expect(w3).toMatchObject({ warnings: 3, autoMuted: true, until: minutesFrom(clock, 20).toISOString() });
      const refused = await send(m.socket, roomId);
      expect(refused.ok === false && refused.error.code).toBe("muted");
      const auto = (await auditFor(roomId)).find((e) => e.action === "mute");
      expect(auto?.details).toMatchObject({ automatic: true, warnings: 3 });
    });

    it("does not count warnings older than the window", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      expectOk(await request(moderator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "1" }));
      expectOk(await request(moderator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "2" }));
      clock.advanceMinutes(61);
      try {
        const third = expectOk(await request(moderator.socket, "moderation:warn", { roomId, userId: m.user.id, reason: "3" }));
        expect(third).toMatchObject({ warnings: 1, autoMuted: false });
      } finally {
        clock.advanceMinutes(-61);
      }
    });
  });

  describe("the audit log", () => {
    it("records who did what to whom, and lets admins filter it by room, user and time", async () => {
      const { roomId, members } = await openSession();
      const m = members[0]!;
      const before = clock.now().toISOString();
      expectOk(await request(facilitator.socket, "room:lock", { roomId, locked: true }));
      clock.advanceMinutes(2);
      expectOk(await request(facilitator.socket, "moderation:mute", { roomId, userId: m.user.id, minutes: 5, reason: "spam" }));
      const entries = await auditFor(roomId);
      expect(entries.map((e) => e.action)).toEqual(["mute", "lock"]);
      expect(entries[0]).toMatchObject({ actorId: facilitator.user.id, actorRole: "peer", targetUserId: m.user.id, reason: "spam", details: { minutes: 5 } });

      const byUser = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?userId=${m.user.id}`);
      expect(byUser.body.entries.map((e) => e.action)).toEqual(["mute"]);
      const early = await api<{ entries: AuditEntry[] }>(
        server.url,
        admin.token,
        "GET",
        `/api/admin/audit?roomId=${roomId}&from=${encodeURIComponent(before)}&to=${encodeURIComponent(minutesFrom(clock, -1).toISOString())}`,
      );
      expect(early.body.entries.map((e) => e.action)).toEqual(["lock"]);
      expect((await api(server.url, moderator.token, "GET", `/api/admin/audit?roomId=${roomId}`)).status).toBe(403);
      clock.advanceMinutes(-2);
    });
  });
});
