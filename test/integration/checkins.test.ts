import { randomUUID } from "node:crypto";
import { MODERATION_TEAM_ID } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, settle, startTestServer, waitForEvent, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore() });
  });
  afterAll(() => server.close());

  /** A member whose room message raised a flag, and two moderators online. */
  async function flagged(): Promise<{ member: Client; mod: Client; otherMod: Client; flagId: string }> {
    const mod = await server.connectAs("moderator");
    const otherMod = await server.connectAs("moderator");
    const member = await server.connectAs("member");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    expectOk(await request(member.socket, "room:join", { roomId: room.id }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
    return { member, mod, otherMod, flagId: (await raised).id };
  }

  it("opens a check-in from a flag that the member sees as from the moderation team, audited", async () => {
    const { member, mod, otherMod, flagId } = await flagged();
    const memberHears = nextEvent(member.socket, "conversation:updated");
    const summary = expectOk(await request(mod.socket, "flag:checkin", { flagId }));
    expect(summary).toMatchObject({ kind: "checkin", other: { id: member.user.id }, readOnly: false });
    const mine = await memberHears;
    expect(mine).toMatchObject({ id: summary.id, kind: "checkin", other: { id: MODERATION_TEAM_ID, displayName: "Moderation team", role: "moderator" }, peerAvailability: null });
    // Opening again keeps the one thread.
    expect(expectOk(await request(otherMod.socket, "flag:checkin", { flagId })).id).toBe(summary.id);

    const memberGets = nextEvent(member.socket, "conversation:message");
    const colleagueGets = nextEvent(otherMod.socket, "conversation:message");
    const clientMsgId = randomUUID();
    const sent = expectOk(await request(mod.socket, "conversation:send", { conversationId: summary.id, clientMsgId, body: "Hi, we saw your message. How are you doing right now?" }));
    expect(sent).toMatchObject({ authorId: mod.user.id, seq: 1 });
    const seen = await memberGets;
    expect(seen).toMatchObject({ id: sent.id, authorId: MODERATION_TEAM_ID, authorName: "Moderation team", body: sent.body });
    expect(JSON.stringify(seen)).not.toContain(mod.user.displayName);
    expect(JSON.stringify(seen)).not.toContain(mod.user.id);
    expect(await colleagueGets).toEqual(sent);
    // Idempotent by clientMsgId, as any conversation message.
    expect(expectOk(await request(mod.socket, "conversation:send", { conversationId: summary.id, clientMsgId, body: "Hi, we saw your message. How are you doing right now?" })).id).toBe(sent.id);

    const history = expectOk(await request(member.socket, "conversation:history", { conversationId: summary.id })).messages;
    expect(history.map((m) => [m.authorId, m.authorName])).toEqual([[MODERATION_TEAM_ID, "Moderation team"]]);

    const admin = await server.connectAs("admin");
    const audit = await api<{ entries: { action: string; actorId?: string; details: Record<string, unknown> }[] }>(server.url, admin.token, "GET", "/api/admin/audit?action=flag.checkin");
    expect(audit.body.entries.some((e) => e.details.flagId === flagId && e.details.conversationId === summary.id)).toBe(true);
  });

  it("lets the member and any moderator write and read it, and nobody else", async () => {
    const { member, mod, otherMod, flagId } = await flagged();
    const { id: conversationId } = expectOk(await request(mod.socket, "flag:checkin", { flagId }));
    const staffHears = nextEvent(otherMod.socket, "conversation:message");
    const unread = nextEvent(otherMod.socket, "conversation:unread");
    const reply = expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "Not great, honestly" }));
    expect(await staffHears).toEqual(reply);
    expect(await unread).toEqual({ conversationId, unread: 1 });
    expectOk(await request(otherMod.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "Thank you for telling us." }));
    expect(expectOk(await request(otherMod.socket, "conversation:list", {})).conversations.map((c) => c.id)).toContain(conversationId);

    const admin = await server.connectAs("admin");
    expect(expectOk(await request(admin.socket, "conversation:history", { conversationId })).messages).toHaveLength(2);
    for (const outsider of [await server.connectAs("member"), await server.connectAs("peer")]) {
      expect(await request(outsider.socket, "conversation:history", { conversationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await request(outsider.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "hi" })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await request(outsider.socket, "flag:checkin", { flagId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await request(outsider.socket, "checkin:close", { conversationId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await request(member.socket, "checkin:close", { conversationId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await request(mod.socket, "flag:checkin", { flagId: "not-a-uuid" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:checkin", { flagId: randomUUID() })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("scans the member's check-in messages for crisis language like any message", async () => {
    const { member, mod, flagId } = await flagged();
    const { id: conversationId } = expectOk(await request(mod.socket, "flag:checkin", { flagId }));
    const raised = collect(mod.socket, "flag:raised");
    const updated = collect(mod.socket, "flag:updated");
    expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "I still want to end my life" }));
    await settle(300);
    expect([...raised, ...updated].some((f) => f.place.id === conversationId && f.authorId === member.user.id)).toBe(true);
  });

  it("delivers what was sent while the member was offline, as unread", async () => {
    const { member, mod, flagId } = await flagged();
    const { id: conversationId } = expectOk(await request(mod.socket, "flag:checkin", { flagId }));
    member.socket.disconnect();
    expectOk(await request(mod.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "Checking in on you" }));
    const back = await server.connect(member.token);
    const list = expectOk(await request(back, "conversation:list", {})).conversations;
    expect(list.find((c) => c.id === conversationId)).toMatchObject({ unread: 1, kind: "checkin", other: { id: MODERATION_TEAM_ID } });
    const read = nextEvent(mod.socket, "conversation:read");
    expectOk(await request(back, "conversation:read", { conversationId, seq: 1 }));
    expect(await read).toEqual({ conversationId, userId: member.user.id, seq: 1 });
    // The member's own export shows the check-in as with the team, and no moderator's id.
    const exported = await api<{ conversations: { id: string; with: { id: string; displayName: string }; messages: { from: string }[] }[] }>(server.url, member.token, "GET", "/api/me/export");
    const thread = exported.body.conversations.find((c) => c.id === conversationId);
    expect(thread).toMatchObject({ with: { id: MODERATION_TEAM_ID, displayName: "Moderation team" }, messages: [{ from: "them" }] });
    expect(JSON.stringify(exported.body)).not.toContain(mod.user.id);
  });

  it("closes for both sides: still readable, no longer writable, audited", async () => {
    const { member, mod, otherMod, flagId } = await flagged();
    const { id: conversationId } = expectOk(await request(mod.socket, "flag:checkin", { flagId }));
    const memberHears = waitForEvent(member.socket, "conversation:updated", (c) => c.id === conversationId && c.readOnly);
    expect(expectOk(await request(otherMod.socket, "checkin:close", { conversationId }))).toMatchObject({ readOnly: true });
    expect(await memberHears).toMatchObject({ other: { id: MODERATION_TEAM_ID } });
    expect(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "hello?" })).toMatchObject({ ok: false, error: { code: "room_closed" } });
    expect(await request(mod.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "hello" })).toMatchObject({ ok: false, error: { code: "room_closed" } });
    expectOk(await request(member.socket, "conversation:history", { conversationId }));
    const admin = await server.connectAs("admin");
    const audit = await api<{ entries: { details: Record<string, unknown> }[] }>(server.url, admin.token, "GET", "/api/admin/audit?action=checkin.close");
    expect(audit.body.entries.some((e) => e.details.conversationId === conversationId)).toBe(true);
    // A new flag's check-in reopens the same thread.
    expect(expectOk(await request(mod.socket, "flag:checkin", { flagId }))).toMatchObject({ id: conversationId, readOnly: false });
  });
});
