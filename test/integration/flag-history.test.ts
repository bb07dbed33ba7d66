/** The history of resolved flags: paging, filters, no message text, and audited looks at private ones. */
import { randomUUID } from "node:crypto";
import type { AuditEntry, FlagSummary } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, type ManualClock } from "../support/clock";
import { expectOk, nextEvent, request, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  let mod: Client;
  let admin: Client;

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({ store: await openStore(), deps: { clock }, env: { MESSAGE_RATE_LIMIT: "1000", SESSION_TICK_SECONDS: "300" } });
    mod = await server.connectAs("moderator");
    admin = await server.connectAs("admin");
  });
  afterAll(() => server.close());

  async function roomFlag(roomId: string, body = "my dog is ill and I want to kill myself"): Promise<FlagSummary> {
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(author.socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));
    return raised;
  }

  it("pages resolved flags newest first with outcome and notes, and filters by outcome, place and date", async () => {
    const room = expectOk(await request(mod.socket, "room:create", { name: `History ${randomUUID().slice(0, 6)}` }));
    const other = expectOk(await request(mod.socket, "room:create", { name: `Other ${randomUUID().slice(0, 6)}` }));
    const start = clock.now();
    const resolved: string[] = [];
    for (const [i, outcome] of (["safe", "referred", "contacted"] as const).entries()) {
      const f = await roomFlag(room.id);
      clock.advanceMinutes(1);
      expectOk(await request(mod.socket, "flag:resolve", { flagId: f.id, outcome, notes: `called them, ${i}` }));
      resolved.push(f.id);
    }
    const elsewhere = await roomFlag(other.id);
    clock.advanceMinutes(1);
    expectOk(await request(mod.socket, "flag:resolve", { flagId: elsewhere.id, outcome: "safe" }));
    const stillOpen = await roomFlag(room.id);

    const place = { kind: "room" as const, id: room.id };
    const first = expectOk(await request(mod.socket, "flag:history", { place, limit: 2 }));
    expect(first.items.map((f) => f.id)).toEqual([resolved[2], resolved[1]]);
    expect(first.items[0]).toMatchObject({ status: "resolved", outcome: "contacted", notes: "called them, 2", resolvedBy: mod.user.id, resolvedByName: mod.user.displayName });
    // The queue's summary and notes, never the words of the message.
    expect(JSON.stringify(first)).not.toContain("my dog is ill");
    const second = expectOk(await request(admin.socket, "flag:history", { place, limit: 2, before: first.next! }));
    expect(second.items.map((f) => f.id)).toEqual([resolved[0]]);
    expect(second.next).toBeNull();

    const safe = expectOk(await request(mod.socket, "flag:history", { outcome: "safe", from: start.toISOString() }));
    expect(safe.items.map((f) => f.id)).toEqual([elsewhere.id, resolved[0]]);
    const window = expectOk(await request(mod.socket, "flag:history", { place, from: new Date(start.getTime() + 90_000).toISOString(), to: new Date(start.getTime() + 150_000).toISOString() }));
    expect(window.items.map((f) => f.id)).toEqual([resolved[1]]);
    const all = expectOk(await request(mod.socket, "flag:history", { place, limit: 100 }));
    expect(all.items.map((f) => f.id)).not.toContain(stillOpen.id);
  });

  it("refuses bad filters and anyone but moderators and admins", async () => {
    expect(await request(mod.socket, "flag:history", { outcome: "fine" } as never)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:history", { limit: 0 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:history", { from: "yesterday" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const member = await server.connectAs("member");
    expect(await request(member.socket, "flag:history", {})).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("records a look at a resolved private conversation's flag, as for an open one", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, mod.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(member.socket, "conversation:send", { conversationId: res.body.conversationId, clientMsgId: randomUUID(), body: "I don't want to be alive anymore" }));
    const flag = await raised;
    expectOk(await request(mod.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted", notes: "talked it through" }));
    const page = expectOk(await request(admin.socket, "flag:history", { place: { kind: "conversation", id: res.body.conversationId } }));
    expect(page.items).toEqual([expect.objectContaining({ id: flag.id, notes: "talked it through" })]);
    expectOk(await request(admin.socket, "flag:get", { flagId: flag.id }));
    const audit = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?userId=${admin.user.id}&action=flag.view`);
    expect(audit.body.entries).toEqual([expect.objectContaining({ targetUserId: member.user.id, details: expect.objectContaining({ flagId: flag.id }) })]);
  });
});
