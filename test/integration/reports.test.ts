import { randomUUID } from "node:crypto";
import path from "node:path";
import { isSealed } from "../../server/src/storage/encryption/field-cipher";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import type { ReviewItem } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let mod: Client;
  beforeAll(async () => {
    server = await startTestServer({ store: await openStore() });
    mod = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  async function scene() {
    const { room, members } = await roomWithMembers(server, mod.socket, 2);
    const [author, reporter] = members as [Client, Client];
    const message = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "You are worthless, leave" }));
    return { room, author, reporter, message };
  }

  const reviewList = async (socket: ClientSocket): Promise<ReviewItem[]> => expectOk(await request(socket, "flag:review_list", {})).items;
  const reportsOf = async (targetId: string) => (await server.store.reports.by(targetId)).length + (await server.store.flags.listReview({ limit: 500 })).filter((f) => f.authorId === targetId).length;

  it("puts a reported message on every moderator's review list with its reason and note, never the reporter", async () => {
    const { room, author, reporter, message } = await scene();
    const listed = nextEvent(mod.socket, "flag:listed");
    const authorHeard = collect(author.socket, "flag:listed");
    const receipt = expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: message.id, reason: "harassment", note: "  They keep doing this  " }));
    expect(receipt).toEqual({ received: true, message: "Thanks — a moderator will look at this." });

    const live = await listed;
    expect(live).toMatchObject({ authorId: author.user.id, place: { kind: "room", id: room.id }, categories: ["member_report"], report: { subject: "message", reasons: ["harassment"], notes: ["They keep doing this"], reports: 1 } });
    const item = (await reviewList(mod.socket)).find((i) => i.id === live.id)!;
    expect(item.report).toEqual({ subject: "message", reasons: ["harassment"], notes: ["They keep doing this"], reports: 1 });
    expect(JSON.stringify(item)).not.toContain(reporter.user.id);
    expect(JSON.stringify(item)).not.toContain(reporter.user.displayName);
    // The moderator can open the reported message in its context, as for any review item.
    const detail = expectOk(await request(mod.socket, "flag:get", { flagId: live.id }));
    expect(JSON.stringify(detail)).toContain("You are worthless, leave");
    expect(JSON.stringify(detail)).not.toContain(reporter.user.id);

    // Only admins learn who reported, from the audit log.
    const admin = await server.connectAs("admin");
    const audit = await api<{ entries: { action: string; actorId: string; details: { flagId: string } }[] }>(server.url, admin.token, "GET", "/api/admin/audit?action=report.create");
    expect(audit.body.entries.find((e) => e.details.flagId === live.id)?.actorId).toBe(reporter.user.id);
    await settle();
    expect(authorHeard).toEqual([]);
  });

  it("keeps the reporter out of the reported person's export, and the note sealed at rest", async () => {
    const { room, author, reporter, message } = await scene();
    expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: message.id, reason: "unsafe_content", note: "secret note words" }));
    const exported = await api(server.url, author.token, "GET", "/api/me/export");
    expect(exported.status).toBe(200);
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(reporter.user.id);
    expect(text).not.toContain(reporter.user.displayName);
    expect(text).not.toContain("secret note words");
    // Read back as written through the server's store; sealed below it, in the database itself.
    expect((await server.store.reports.by(reporter.user.id)).map((r) => r.note)).toEqual(["secret note words"]);
    if (server.store.kind === "sqlite") {
      const raw = openSqliteStore({ file: path.join(server.config.dataDir, "haven.sqlite") });
      try {
        const [stored] = await raw.reports.by(reporter.user.id);
        expect(isSealed(stored!.note!)).toBe(true);
      } finally {
        await raw.close();
      }
    }
  });

  it("gives the reporter their own reports in their export, and erases them, note and all, with the account", async () => {
    const { room, author, reporter, message } = await scene();
    expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: message.id, reason: "other", note: "my own words" }));
    const exported = await api<{ reports: unknown[] }>(server.url, reporter.token, "GET", "/api/me/export");
    expect(exported.body.reports).toEqual([{ createdAt: expect.any(String), subject: "message", messageId: message.id, reportedUserId: author.user.id, reason: "other", note: "my own words" }]);
    const erased = await api(server.url, reporter.token, "DELETE", "/api/me", { password: "correct horse battery staple" });
    expect(erased.status).toBeLessThan(300);
    expect(await server.store.reports.by(reporter.user.id)).toEqual([]);
    const item = (await reviewList(mod.socket)).find((i) => i.authorId === author.user.id)!;
    expect(item.report).toEqual({ subject: "message", reasons: [], notes: [], reports: 0 });
  });

  it("makes one item per message: a repeat changes nothing, another member's report joins it", async () => {
    const { room, author, reporter, message } = await scene();
    const other = await server.connectAs("member");
    expectOk(await request(other.socket, "room:join", { roomId: room.id }));
    const listed = collect(mod.socket, "flag:listed");
    const input = { roomId: room.id, messageId: message.id, reason: "spam" as const };
    expectOk(await request(reporter.socket, "report:message", input));
    expectOk(await request(reporter.socket, "report:message", { ...input, reason: "other" as const, note: "again" }));
    expectOk(await request(other.socket, "report:message", { ...input, reason: "harassment" as const }));
    await settle();
    expect(listed.filter((i) => i.authorId === author.user.id)).toHaveLength(1);
    const items = (await reviewList(mod.socket)).filter((i) => i.authorId === author.user.id);
    expect(items).toHaveLength(1);
    expect(items[0]!.report).toEqual({ subject: "message", reasons: ["spam", "harassment"], notes: [], reports: 2 });
  });

  it("refuses someone who cannot read the message, a deleted message, and one's own, storing nothing", async () => {
    const { room, author, message } = await scene();
    const outsider = await server.connectAs("member");
    const refused = await request(outsider.socket, "report:message", { roomId: room.id, messageId: message.id, reason: "spam" });
    expect(refused.ok === false && refused.error.code).toBe("forbidden");
    const unknown = await request(author.socket, "report:message", { roomId: room.id, messageId: randomUUID(), reason: "spam" });
    expect(unknown.ok === false && unknown.error.code).toBe("not_found");
    const own = await request(author.socket, "report:message", { roomId: room.id, messageId: message.id, reason: "spam" });
    expect(own.ok === false && own.error.code).toBe("invalid_input");
    const self = await request(author.socket, "report:person", { roomId: room.id, userId: author.user.id, reason: "spam" });
    expect(self.ok === false && self.error.code).toBe("invalid_input");
    expect(await reportsOf(author.user.id)).toBe(0);
  });

  it("refuses invalid input, changing nothing", async () => {
    const { room, author, reporter, message } = await scene();
    const base = { roomId: room.id, messageId: message.id, reason: "spam" };
    for (const bad of [
      { ...base, reason: "rude" },
      { ...base, note: "x".repeat(501) },
      { ...base, conversationId: randomUUID() },
      { messageId: message.id, reason: "spam" },
      { ...base, messageId: "not-a-uuid" },
      { ...base, extra: true },
    ]) {
      const ack = await request(reporter.socket, "report:message", bad as never);
      expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    }
    const person = await request(reporter.socket, "report:person", { roomId: room.id, userId: author.user.id, reason: "nope" } as never);
    expect(person.ok === false && person.error.code).toBe("invalid_input");
    expect(await reportsOf(author.user.id)).toBe(0);
  });

  it("reports a person who shares the room, but not one who does not", async () => {
    const { room, author, reporter } = await scene();
    const listed = nextEvent(mod.socket, "flag:listed");
    expectOk(await request(reporter.socket, "report:person", { roomId: room.id, userId: author.user.id, reason: "harassment", note: "messages me a lot" }));
    expect(await listed).toMatchObject({ authorId: author.user.id, report: { subject: "person", reasons: ["harassment"], notes: ["messages me a lot"], reports: 1 } });
    const stranger = await server.createUser("member");
    const refused = await request(reporter.socket, "report:person", { roomId: room.id, userId: stranger.user.id, reason: "spam" });
    expect(refused.ok === false && refused.error.code).toBe("not_found");
    expect(await reportsOf(stranger.user.id)).toBe(0);
  });

  it("lets a participant report a message of a private conversation, and nobody else", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, mod.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const conversationId = res.body.conversationId;
    const m = expectOk(await request(peer.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "something unkind" }));
    const outsider = await server.connectAs("member");
    const refused = await request(outsider.socket, "report:message", { conversationId, messageId: m.id, reason: "harassment" });
    expect(refused.ok === false && refused.error.code).toBe("not_found");
    const listed = nextEvent(mod.socket, "flag:listed");
    expectOk(await request(member.socket, "report:message", { conversationId, messageId: m.id, reason: "harassment" }));
    expect(await listed).toMatchObject({ authorId: peer.user.id, place: { kind: "conversation", id: conversationId } });
  });

  it("refuses a reporter past ten reports an hour with rate_limited and when to retry", async () => {
    const { room, reporter } = await scene();
    const others: Client[] = [];
    for (let i = 0; i < 11; i++) {
      const c = await server.connectAs("member");
      expectOk(await request(c.socket, "room:join", { roomId: room.id }));
      others.push(c);
    }
    const messages = [];
    for (const c of others) messages.push(expectOk(await request(c.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "hello" })));
    for (const m of messages.slice(0, 10)) expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: m.id, reason: "spam" }));
    const limited = await request(reporter.socket, "report:message", { roomId: room.id, messageId: messages[10]!.id, reason: "spam" });
    expect(limited.ok === false && limited.error.code).toBe("rate_limited");
    expect(limited.ok === false && (limited.error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3000);
    expect(await reportsOf(others[10]!.user.id)).toBe(0);
    // A repeat of one already made is still just acknowledged.
    expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: messages[0]!.id, reason: "spam" }));
  });

  it("holds the hourly limit for reports sent all at once", async () => {
    const { room, reporter } = await scene();
    const messages = [];
    for (let i = 0; i < 15; i++) {
      const c = await server.connectAs("member");
      expectOk(await request(c.socket, "room:join", { roomId: room.id }));
      messages.push(expectOk(await request(c.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "hello" })));
    }
    const acks = await Promise.all(messages.map((m) => request(reporter.socket, "report:message", { roomId: room.id, messageId: m.id, reason: "spam" })));
    expect(acks.filter((a) => a.ok).length).toBe(10);
    expect(acks.filter((a) => !a.ok && a.error.code === "rate_limited").length).toBe(5);
    expect((await server.store.reports.by(reporter.user.id)).length).toBe(10);
  });
});
