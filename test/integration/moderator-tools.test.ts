/**
 * Moderators' look-ups: the team for handing a flag on (staff:list), a room's mutes and bans in
 * force with lifting through unmute and unban, and a member's moderation history.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, type ManualClock } from "../support/clock";
import { expectOk, request, roomWithMembers, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  let mod: Client;
  let admin: Client;

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({ store: await openStore(), deps: { clock } });
    mod = await server.connectAs("moderator");
    admin = await server.connectAs("admin");
  });
  afterAll(() => server.close());

  const auditOf = async (action: string, userId: string) =>
    (await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?action=${action}&userId=${userId}`)).body.entries.filter((e) => e.targetUserId === userId);

  describe("staff:list", () => {
    it("lists moderators and admins, who is connected, and no one else", async () => {
      const away = await server.createUser("moderator", "awaymod");
      const member = await server.connectAs("member");
      const { staff } = expectOk(await request(mod.socket, "staff:list", {}));
      const byId = new Map(staff.map((s) => [s.id, s]));
      expect(byId.get(mod.user.id)).toMatchObject({ displayName: mod.user.displayName, role: "moderator", online: true });
      expect(byId.get(admin.user.id)).toMatchObject({ role: "admin", online: true });
      expect(byId.get(away.user.id)).toMatchObject({ role: "moderator", online: false });
      expect(byId.has(member.user.id)).toBe(false);
      expect(staff.every((s) => s.role === "moderator" || s.role === "admin")).toBe(true);
      expect(await request(member.socket, "staff:list", {})).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await request(mod.socket, "staff:list", { all: true })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    });
  });

  describe("moderation:room_sanctions", () => {
    it("shows the mutes and bans in force with who, why, by whom and until when; a lift takes effect and is audited", async () => {
      const { room, members } = await roomWithMembers(server, mod.socket, 3);
      const [muted, banned, warned] = members as [Client, Client, Client];
      expectOk(await request(mod.socket, "moderation:mute", { roomId: room.id, userId: muted.user.id, minutes: 30, reason: "shouting" }));
      clock.advanceMinutes(1);
      expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: banned.user.id, scope: "room", reason: "abuse", expiresInMinutes: 60 }));
      expectOk(await request(mod.socket, "moderation:warn", { roomId: room.id, userId: warned.user.id, reason: "language" }));

      const listed = expectOk(await request(mod.socket, "moderation:room_sanctions", { roomId: room.id }));
      expect(listed.roomId).toBe(room.id);
      const mine = listed.sanctions.filter((s) => s.roomId === room.id);
      expect(mine).toEqual([
        expect.objectContaining({ kind: "ban", userId: banned.user.id, userName: banned.user.displayName, reason: "abuse", createdBy: mod.user.id, createdByName: mod.user.displayName, state: "active", expiresAt: new Date(clock.now().getTime() + 60 * 60_000).toISOString() }),
        expect.objectContaining({ kind: "mute", userId: muted.user.id, reason: "shouting", state: "active", expiresAt: new Date(clock.now().getTime() + 29 * 60_000).toISOString() }),
      ]);
      // A warning is not a sanction in force.
      expect(listed.sanctions.some((s) => s.userId === warned.user.id)).toBe(false);

      // Lifting through the existing events: gone from the list, in effect, and audited.
      expectOk(await request(mod.socket, "moderation:unmute", { roomId: room.id, userId: muted.user.id }));
      expectOk(await request(mod.socket, "moderation:unban", { roomId: room.id, userId: banned.user.id, scope: "room" }));
      const after = expectOk(await request(mod.socket, "moderation:room_sanctions", { roomId: room.id }));
      expect(after.sanctions.filter((s) => s.roomId === room.id)).toEqual([]);
      expectOk(await request(muted.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "back again" }));
      expectOk(await request(banned.socket, "room:join", { roomId: room.id }));
      expect(await auditOf("unmute", muted.user.id)).toEqual([expect.objectContaining({ actorId: mod.user.id, roomId: room.id })]);
      expect(await auditOf("unban", banned.user.id)).toEqual([expect.objectContaining({ actorId: mod.user.id, roomId: room.id })]);
    });

    it("leaves out what has expired, and includes bans from every session", async () => {
      const { room, members } = await roomWithMembers(server, mod.socket, 2);
      const [brief, everywhere] = members as [Client, Client];
      expectOk(await request(mod.socket, "moderation:mute", { roomId: room.id, userId: brief.user.id, minutes: 5 }));
      expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: everywhere.user.id, scope: "all", reason: "threats" }));
      clock.advanceMinutes(6);
      const listed = expectOk(await request(mod.socket, "moderation:room_sanctions", { roomId: room.id }));
      expect(listed.sanctions.some((s) => s.userId === brief.user.id)).toBe(false);
      expect(listed.sanctions).toContainEqual(expect.objectContaining({ kind: "ban", userId: everywhere.user.id, roomId: null, expiresAt: null }));
      // Lifted so later tests' rooms do not list it.
      expectOk(await request(mod.socket, "moderation:unban", { roomId: room.id, userId: everywhere.user.id, scope: "all" }));
    });

    it("keeps one mute and one ban per person when moderators act again: the latest replaces the one in force", async () => {
      const { room, members } = await roomWithMembers(server, mod.socket, 2);
      const [loud, rude] = members as [Client, Client];
      expectOk(await request(mod.socket, "moderation:mute", { roomId: room.id, userId: loud.user.id, minutes: 60, reason: "first" }));
      expectOk(await request(admin.socket, "moderation:mute", { roomId: room.id, userId: loud.user.id, minutes: 10, reason: "second" }));
      expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: rude.user.id, scope: "room", reason: "once" }));
      expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: rude.user.id, scope: "room", reason: "twice" }));
      const listed = expectOk(await request(mod.socket, "moderation:room_sanctions", { roomId: room.id })).sanctions.filter((s) => s.roomId === room.id);
      // Made at the same moment (the clock stands still here): their order is not the point.
      expect(listed.map((s) => [s.kind, s.userId, s.reason]).sort()).toEqual([
        ["ban", rude.user.id, "twice"],
        ["mute", loud.user.id, "second"],
      ]);
      // One unmute and one unban end them.
      expectOk(await request(mod.socket, "moderation:unmute", { roomId: room.id, userId: loud.user.id }));
      expectOk(await request(mod.socket, "moderation:unban", { roomId: room.id, userId: rude.user.id, scope: "room" }));
      expect(expectOk(await request(mod.socket, "moderation:room_sanctions", { roomId: room.id })).sanctions.filter((s) => s.roomId === room.id)).toEqual([]);
    });

    it("refuses members, and bad input", async () => {
      const { room, members } = await roomWithMembers(server, mod.socket, 1);
      expect(await request(members[0]!.socket, "moderation:room_sanctions", { roomId: room.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await request(mod.socket, "moderation:room_sanctions", { roomId: "nope" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(await request(mod.socket, "moderation:room_sanctions", { roomId: randomUUID() })).toMatchObject({ ok: false, error: { code: "not_found" } });
    });
  });

  describe("moderation:member_history", () => {
    it("gives moderators a member's sanctions and the actions taken on them across rooms, newest first", async () => {
      const one = await roomWithMembers(server, mod.socket, 1);
      const person = one.members[0]!;
      const two = expectOk(await request(admin.socket, "room:create", { name: `Second ${randomUUID().slice(0, 6)}` }));
      expectOk(await request(person.socket, "room:join", { roomId: two.id }));
      expectOk(await request(mod.socket, "moderation:warn", { roomId: one.room.id, userId: person.user.id, reason: "first warning" }));
      clock.advanceMinutes(1);
      expectOk(await request(mod.socket, "moderation:mute", { roomId: one.room.id, userId: person.user.id, minutes: 10, reason: "kept going" }));
      clock.advanceMinutes(1);
      expectOk(await request(mod.socket, "moderation:unmute", { roomId: one.room.id, userId: person.user.id }));
      clock.advanceMinutes(1);
      expectOk(await request(admin.socket, "moderation:ban", { roomId: two.id, userId: person.user.id, scope: "room", reason: "elsewhere too" }));

      const history = expectOk(await request(admin.socket, "moderation:member_history", { userId: person.user.id }));
      expect(history).toMatchObject({ userId: person.user.id, displayName: person.user.displayName });
      expect(history.sanctions).toEqual([
        expect.objectContaining({ kind: "ban", roomId: two.id, reason: "elsewhere too", createdByName: admin.user.displayName, state: "active" }),
        expect.objectContaining({ kind: "mute", roomId: one.room.id, reason: "kept going", state: "lifted" }),
      ]);
      expect(history.actions.map((a) => [a.action, a.roomId, a.reason])).toEqual([
        ["ban", two.id, "elsewhere too"],
        ["unmute", one.room.id, null],
        ["mute", one.room.id, "kept going"],
        ["warn", one.room.id, "first warning"],
      ]);
      expect(history.actions[3]).toMatchObject({ actorId: mod.user.id, actorName: mod.user.displayName });
      // Actions the person took themselves are not part of it.
      expect(history.actions.every((a) => a.actorId !== person.user.id)).toBe(true);
    });

    it("is for moderators and admins only: a member and a session facilitator are refused", async () => {
      const { members } = await roomWithMembers(server, mod.socket, 1);
      const peer = await server.connectAs("peer");
      for (const asker of [members[0]!, peer]) {
        expect(await request(asker.socket, "moderation:member_history", { userId: members[0]!.user.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      }
      expect(await request(mod.socket, "moderation:member_history", { userId: "someone" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(await request(mod.socket, "moderation:member_history", { userId: randomUUID() })).toMatchObject({ ok: false, error: { code: "not_found" } });
    });
  });
});
