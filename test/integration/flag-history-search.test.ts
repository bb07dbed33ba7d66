/** Searching the flag history: the server filters by place and by words in the (sealed) notes and categories, over a bounded scan. */
import { randomUUID } from "node:crypto";
import type { FlagSummary } from "../../shared/dto";
import { FLAG_HISTORY_SEARCH_SCAN } from "../../server/src/domain/escalation/flag-history";
import { expectOk, nextEvent, request, startTestServer, uniqueName, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let mod: Client;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { MESSAGE_RATE_LIMIT: "1000" } });
    mod = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  async function resolvedIn(roomId: string, notes: string, body = "I want to kill myself"): Promise<FlagSummary> {
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(author.socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));
    const flag = await raised;
    expectOk(await request(mod.socket, "flag:resolve", { flagId: flag.id, outcome: "referred", notes }));
    return flag;
  }

  it("finds resolved flags by words in their notes and categories, within a place, and says how far it read", async () => {
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Search ") }));
    const other = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Elsewhere ") }));
    const gp = await resolvedIn(room.id, "Rang their GP and the Crisis Team");
    const plain = await resolvedIn(room.id, "talked it through, feeling calmer");
    const elsewhere = await resolvedIn(other.id, "crisis team called back");

    const byWord = expectOk(await request(mod.socket, "flag:history", { query: "crisis TEAM" }));
    expect(byWord.items.map((f) => f.id)).toEqual(expect.arrayContaining([gp.id, elsewhere.id]));
    expect(byWord.items.map((f) => f.id)).not.toContain(plain.id);
    expect(byWord.searchedUpTo).toBeGreaterThanOrEqual(3);
    expect(byWord.searchedUpTo).toBeLessThanOrEqual(FLAG_HISTORY_SEARCH_SCAN);

    const inRoom = expectOk(await request(mod.socket, "flag:history", { query: "crisis", place: { kind: "room", id: room.id } }));
    expect(inRoom.items.map((f) => f.id)).toEqual([gp.id]);
    expect(inRoom.next).toBeNull();

    // Categories are searched too: every one of these flags is about suicide.
    const category = gp.categories[0]!;
    const byCategory = expectOk(await request(mod.socket, "flag:history", { query: category.replace(/_/g, " "), place: { kind: "room", id: room.id } }));
    expect(byCategory.items.map((f) => f.id).sort()).toEqual([gp.id, plain.id].sort());
  });

  it("continues a search from where a page stopped", async () => {
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Paging ") }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await resolvedIn(room.id, `follow-up call number ${i}`)).id);
    const place = { kind: "room" as const, id: room.id };
    const first = expectOk(await request(mod.socket, "flag:history", { query: "follow-up", place, limit: 2 }));
    expect(first.items.map((f) => f.id)).toEqual([ids[2], ids[1]]);
    const second = expectOk(await request(mod.socket, "flag:history", { query: "follow-up", place, limit: 2, before: first.next! }));
    expect(second.items.map((f) => f.id)).toEqual([ids[0]]);
    expect(second.next).toBeNull();
  });

  it("refuses an empty or oversized query and changes nothing", async () => {
    expect(await request(mod.socket, "flag:history", { query: "   " })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:history", { query: "x".repeat(101) })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const member = await server.connectAs("member");
    expect(await request(member.socket, "flag:history", { query: "crisis" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});
