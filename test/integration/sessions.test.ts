import { randomUUID } from "node:crypto";
import type { Session, SessionDetail } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, minutesFrom, type ManualClock } from "../support/clock";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  let staff: { socket: ClientSocket; token: string };
  let facilitator: { socket: ClientSocket; token: string; user: { id: string } };

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({ store: await openStore(), deps: { clock } });
    staff = await server.connectAs("moderator");
    facilitator = await server.connectAs("peer");
  });
  afterAll(() => server.close());

  async function createSession(over: Record<string, unknown> = {}): Promise<SessionDetail> {
    const res = await api<{ sessions: SessionDetail[] }>(server.url, staff.token, "POST", "/api/sessions", {
      title: "Evening check-in",
      topic: "Sleep",
      startsAt: minutesFrom(clock, 60).toISOString(),
      endsAt: minutesFrom(clock, 120).toISOString(),
      capacity: 2,
      facilitatorIds: [facilitator.user.id],
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body.sessions[0]!;
  }

  const member = () => server.connectAs("member");
  const join = (socket: ClientSocket, roomId: string) => request(socket, "room:join", { roomId });
  const send = (socket: ClientSocket, roomId: string, body = "hello") => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });

  describe("managing sessions", () => {
    it("lets staff create a session, stored in UTC with its derived state, and refuses members", async () => {
      const s = await createSession({ startsAt: "2099-01-01T19:00:00+01:00", endsAt: "2099-01-01T20:00:00+01:00" });
      expect(s).toMatchObject({ title: "Evening check-in", startsAt: "2099-01-01T18:00:00.000Z", state: "scheduled", joinWindowMinutes: 10, registeredCount: 0 });
      expect(s.joinOpensAt).toBe("2099-01-01T17:50:00.000Z");
      const m = await member();
      const refused = await api(server.url, m.token, "POST", "/api/sessions", { title: "x", startsAt: s.startsAt, endsAt: s.endsAt, capacity: 1, facilitatorIds: [facilitator.user.id] });
      expect(refused.status).toBe(403);
    });

    it("creates one occurrence per week of a series, keeping local time across a daylight-saving change", async () => {
      const res = await api<{ sessions: SessionDetail[] }>(server.url, staff.token, "POST", "/api/sessions", {
        title: "Weekly group",
        // 18:00 in London, two weeks before the clocks go forward on 2099-03-29.
        startsAt: "2099-03-15T18:00:00Z",
        endsAt: "2099-03-15T19:00:00Z",
        capacity: 10,
        facilitatorIds: [facilitator.user.id],
        recurrence: { weekly: true, count: 3, timeZone: "Europe/London" },
      });
      expect(res.status).toBe(201);
      expect(res.body.sessions.map((s) => s.startsAt)).toEqual(["2099-03-15T18:00:00.000Z", "2099-03-22T18:00:00.000Z", "2099-03-29T17:00:00.000Z"]);
      expect(new Set(res.body.sessions.map((s) => s.seriesId)).size).toBe(1);
      expect(new Set(res.body.sessions.map((s) => s.roomId)).size).toBe(3);
    });

    it("rejects an end before the start, an unknown time zone and a member as facilitator", async () => {
      const base = { title: "x", capacity: 1, facilitatorIds: [facilitator.user.id] };
      const backwards = await api(server.url, staff.token, "POST", "/api/sessions", { ...base, startsAt: minutesFrom(clock, 60).toISOString(), endsAt: minutesFrom(clock, 30).toISOString() });
      expect(backwards.status).toBe(400);
      const zone = await api(server.url, staff.token, "POST", "/api/sessions", {
        ...base,
        startsAt: minutesFrom(clock, 60).toISOString(),
        endsAt: minutesFrom(clock, 90).toISOString(),
        recurrence: { weekly: true, count: 2, timeZone: "Mars/Olympus" },
      });
      expect(zone.status).toBe(400);
      const m = await member();
      const memberFacilitator = await api(server.url, staff.token, "POST", "/api/sessions", {
        ...base,
        facilitatorIds: [m.user.id],
        startsAt: minutesFrom(clock, 60).toISOString(),
        endsAt: minutesFrom(clock, 90).toISOString(),
      });
      expect(memberFacilitator.status).toBe(400);
    });

    it("shows members open sessions and their invitations only", async () => {
      const open = await createSession();
      const invited = await member();
      const other = await member();
      const invite = await createSession({ audience: "invite", inviteeIds: [invited.user.id] });
      const listFor = async (token: string) => (await api<{ sessions: Session[] }>(server.url, token, "GET", "/api/sessions")).body.sessions.map((s) => s.id);
      expect(await listFor(invited.token)).toEqual(expect.arrayContaining([open.id, invite.id]));
      expect(await listFor(other.token)).toContain(open.id);
      expect(await listFor(other.token)).not.toContain(invite.id);
      expect((await api(server.url, other.token, "GET", `/api/sessions/${invite.id}`)).status).toBe(404);
      // Members never see the invitation list; staff do.
      expect((await api<{ session: SessionDetail }>(server.url, staff.token, "GET", `/api/sessions/${invite.id}`)).body.session.inviteeIds).toEqual([invited.user.id]);
    });

    it("tells registered members when a session is cancelled, and refuses to join it", async () => {
      const s = await createSession();
      const m = await member();
      expect((await api(server.url, m.token, "PUT", `/api/sessions/${s.id}/registration`)).status).toBe(200);
      const told = nextEvent(m.socket, "session:cancelled");
      const res = await api<{ session: Session }>(server.url, staff.token, "POST", `/api/sessions/${s.id}/cancel`);
      expect(res.body.session.state).toBe("cancelled");
      expect(await told).toEqual({ sessionId: s.id, roomId: s.roomId, title: s.title, startsAt: s.startsAt });
      clock.advanceMinutes(55);
      try {
        const ack = await join(m.socket, s.roomId);
        expect(!ack.ok && ack.error.code).toBe("room_closed");
      } finally {
        clock.advanceMinutes(-55);
      }
    });
  });

  describe("registration", () => {
    it("registers up to capacity, waitlists the rest, and promotes the first waiting when a place frees", async () => {
      const s = await createSession({ capacity: 2 });
      const [a, b, c, d] = await Promise.all([member(), member(), member(), member()]);
      const reg = async (token: string) => (await api<{ session: Session }>(server.url, token, "PUT", `/api/sessions/${s.id}/registration`)).body.session;
      expect((await reg(a!.token)).myRegistration).toBe("registered");
      expect((await reg(b!.token)).myRegistration).toBe("registered");
      expect((await reg(c!.token)).myRegistration).toBe("waitlisted");
      expect(await reg(d!.token)).toMatchObject({ myRegistration: "waitlisted", registeredCount: 2, waitlistCount: 2 });

      const told = nextEvent(c!.socket, "session:promoted");
      const notD = collect(d!.socket, "session:promoted");
      await api(server.url, a!.token, "DELETE", `/api/sessions/${s.id}/registration`);
      expect(await told).toEqual({ sessionId: s.id, roomId: s.roomId, title: s.title, startsAt: s.startsAt });
      const seenByC = (await api<{ session: Session }>(server.url, c!.token, "GET", `/api/sessions/${s.id}`)).body.session;
      expect(seenByC.myRegistration).toBe("registered");
      expect((await api<{ session: Session }>(server.url, d!.token, "GET", `/api/sessions/${s.id}`)).body.session.myRegistration).toBe("waitlisted");
      expect(notD).toEqual([]);
    });

    it("promotes from the waitlist when staff raise the capacity", async () => {
      const s = await createSession({ capacity: 1 });
      const [a, b] = await Promise.all([member(), member()]);
      await api(server.url, a.token, "PUT", `/api/sessions/${s.id}/registration`);
      await api(server.url, b.token, "PUT", `/api/sessions/${s.id}/registration`);
      expect((await api(server.url, staff.token, "PATCH", `/api/sessions/${s.id}`, { capacity: 2 })).status).toBe(200);
      expect((await api<{ session: Session }>(server.url, b.token, "GET", `/api/sessions/${s.id}`)).body.session.myRegistration).toBe("registered");
    });
  });

  describe("joining a session's room", () => {
    it("opens to registered members at the join window, not before, and to facilitators at any time", async () => {
      const s = await createSession({ joinWindowMinutes: 15 });
      const m = await member();
      await api(server.url, m.token, "PUT", `/api/sessions/${s.id}/registration`);
      const early = await join(m.socket, s.roomId);
      expect(early.ok === false && early.error).toMatchObject({ code: "room_closed", details: { opensAt: minutesFrom(clock, 45).toISOString() } });
      expectOk(await join(facilitator.socket, s.roomId));

      clock.advanceMinutes(45);
      try {
        expectOk(await join(m.socket, s.roomId));
      } finally {
        clock.advanceMinutes(-45);
      }
    });

    it("registers a member who joins an open-to-all session, refuses when full, and refuses the uninvited", async () => {
      const open = await createSession({ capacity: 1 });
      const invite = await createSession({ audience: "invite", inviteeIds: [] });
      const [first, second] = await Promise.all([member(), member()]);
      clock.advanceMinutes(55);
      try {
        expectOk(await join(first.socket, open.roomId));
        const full = await join(second.socket, open.roomId);
        expect(full.ok === false && full.error.code).toBe("conflict");
        const uninvited = await join(second.socket, invite.roomId);
        expect(uninvited.ok === false && uninvited.error.code).toBe("forbidden");
      } finally {
        clock.advanceMinutes(-55);
      }
    });
  });

  describe("the end of a session", () => {
    it("makes the room read-only at endsAt, announces the end once, and closes attendance", async () => {
      const s = await createSession({ startsAt: minutesFrom(clock, 5).toISOString(), endsAt: minutesFrom(clock, 35).toISOString() });
      const m = await member();
      clock.advanceMinutes(5);
      expectOk(await join(m.socket, s.roomId));
      expectOk(await join(facilitator.socket, s.roomId));
      expectOk(await send(m.socket, s.roomId, "before the end"));
      // A second node on the same store, with no adapter between the two here, so the member has a
      // tab on each: whichever node wins the race announces, and only once across both tabs.
      const otherNode = await startTestServer({ store: server.store, deps: { clock } });
      const otherTab = await otherNode.connect(m.token);
      expectOk(await join(otherTab, s.roomId));

      clock.advanceMinutes(30);
      try {
        // Read-only from endsAt itself, before any node has announced the end.
        const late = await send(m.socket, s.roomId);
        expect(late.ok === false && late.error.code).toBe("room_closed");
        try {
          const ended = [...[m.socket, otherTab].map((socket) => collect(socket, "session:ended"))];
          const counts = await Promise.all([server.app.sessions.tick(), otherNode.app.sessions.tick()]);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
          expect(await server.app.sessions.tick()).toBe(0);
          expect(await otherNode.app.sessions.tick()).toBe(0);
          await settle(200);
          expect(ended.flat().filter((e) => e.sessionId === s.id)).toEqual([{ sessionId: s.id, roomId: s.roomId }]);
          otherTab.disconnect();
        } finally {
          await otherNode.app.close();
        }
        // The history stays readable.
        const history = expectOk(await request(m.socket, "message:history", { roomId: s.roomId }));
        expect(history.messages.map((x) => x.body)).toEqual(["before the end"]);

        const report = await api<{ attendance: { userId: string; leftAt: string | null }[] }>(server.url, facilitator.token, "GET", `/api/sessions/${s.id}/attendance`);
        expect(report.status).toBe(200);
        expect(report.body.attendance.find((r) => r.userId === m.user.id)?.leftAt).toBe(s.endsAt);
        expect((await api(server.url, m.token, "GET", `/api/sessions/${s.id}/attendance`)).status).toBe(403);
      } finally {
        clock.advanceMinutes(-35);
      }
    });

    it("lets a facilitator extend a session so the room stays open past the original end", async () => {
      const s = await createSession({ startsAt: minutesFrom(clock, 5).toISOString(), endsAt: minutesFrom(clock, 35).toISOString() });
      const m = await member();
      clock.advanceMinutes(5);
      try {
        expectOk(await join(m.socket, s.roomId));
        const updated = nextEvent(m.socket, "session:updated");
        const res = await api<{ session: Session }>(server.url, facilitator.token, "POST", `/api/sessions/${s.id}/extend`, { minutes: 15 });
        expect(res.status).toBe(200);
        expect((await updated).endsAt).toBe(minutesFrom(clock, 45).toISOString());
        clock.advanceMinutes(35);
        expectOk(await send(m.socket, s.roomId, "still here"));
        expect(await server.app.sessions.tick()).toBe(0);
        expect((await api(server.url, m.token, "POST", `/api/sessions/${s.id}/extend`, { minutes: 5 })).status).toBe(403);
      } finally {
        clock.advanceMinutes(-40);
      }
    });
  });

  describe("attendance", () => {
    it("records each join and leave, one interval per stay, whatever the number of tabs", async () => {
      const s = await createSession();
      const m = await member();
      const secondTab = await server.connect(m.token);
      clock.advanceMinutes(55);
      try {
        expectOk(await join(m.socket, s.roomId));
        expectOk(await join(secondTab, s.roomId));
        clock.advanceMinutes(5);
        expectOk(await request(m.socket, "room:leave", { roomId: s.roomId }));
        clock.advanceMinutes(5);
        expectOk(await join(m.socket, s.roomId));
        // Tokens last an hour of the test clock; sign in afresh.
        const reader = await server.connectAs("moderator");
        const report = await api<{ attendance: { userId: string; joinedAt: string; leftAt: string | null }[] }>(server.url, reader.token, "GET", `/api/sessions/${s.id}/attendance`);
        const mine = report.body.attendance.filter((r) => r.userId === m.user.id);
        expect(mine.map((r) => [r.joinedAt, r.leftAt])).toEqual([
          [minutesFrom(clock, -10).toISOString(), minutesFrom(clock, -5).toISOString()],
          [minutesFrom(clock, 0).toISOString(), null],
        ]);
      } finally {
        clock.advanceMinutes(-65);
      }
    });
  });
});
