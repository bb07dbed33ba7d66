import { randomBytes, randomUUID } from "node:crypto";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import { collect, expectOk, request, startTestServer, waitForEvent, type ClientSocket, type TestServer, uniqueName } from "../support/server";
import { describeWithService, mongoForTests } from "../support/services";

// The real server over the MongoDB store: what clients see must not depend on the store.
describeWithService("ferretdb", "Haven on MongoDB", () => {
  jest.setTimeout(60_000);
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  let server: TestServer;
  let roomId: string;
  let alice: ClientSocket;
  let bob: ClientSocket;

  beforeAll(async () => {
    mongo = await mongoForTests();
    const store = await openMongoStore({
      uri: mongo.uri(`haven_it_${randomBytes(4).toString("hex")}`),
      autoIndex: true,
      writeConcern: { w: "majority", journal: true },
      serverSelectionTimeoutMs: 2000,
    });
    server = await startTestServer({ store });
    const mod = await server.connectAs("moderator");
    roomId = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Mongo room ") })).id;
    alice = (await server.connectAs("member", "alice")).socket;
    bob = (await server.connectAs("member", "bob")).socket;
    for (const s of [alice, bob]) expectOk(await request(s, "room:join", { roomId }));
  });
  afterAll(async () => {
    await server?.close();
    await mongo?.stop();
  });

  it.each([
    ["an operator object as roomId", { roomId: { $gt: "" } }],
    ["a $ne operator as clientMsgId", { clientMsgId: { $ne: null } }],
    ["an operator object as body", { body: { $gt: "" } }],
    ["a prototype key as body", { body: JSON.parse('{"__proto__": {"$gt": ""}}') }],
  ])("rejects %s with invalid_input and stores nothing", async (_label, override) => {
    const before = await server.store.messages.lastSeq(roomId);
    const ack = await request(alice, "message:send", { roomId, clientMsgId: randomUUID(), body: "ok", ...override });
    expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    expect(await server.store.messages.lastSeq(roomId)).toBe(before);
  });

  it("treats an operator-looking string as plain text, never as a query", async () => {
    const ack = expectOk(await request(alice, "message:send", { roomId, clientMsgId: randomUUID(), body: '{"$gt": ""}' }));
    const page = expectOk(await request(bob, "message:history", { roomId, after: ack.seq - 1, limit: 1 }));
    expect(page.messages[0]?.body).toBe('{"$gt": ""}');
  });

  it("stores a retried send once and broadcasts it once", async () => {
    const clientMsgId = randomUUID();
    const seen = collect(bob, "message:created");
    const first = expectOk(await request(alice, "message:send", { roomId, clientMsgId, body: "once" }));
    const again = expectOk(await request(alice, "message:send", { roomId, clientMsgId, body: "once" }));
    expect(again).toEqual(first);
    const marker = waitForEvent(bob, "message:created", (m) => m.body === "marker");
    expectOk(await request(alice, "message:send", { roomId, clientMsgId: randomUUID(), body: "marker" }));
    await marker;
    expect(seen.filter((m) => m.clientMsgId === clientMsgId)).toHaveLength(1);
  });

  it("gives concurrent senders distinct consecutive seqs, and a gap-filling reader misses none", async () => {
    const start = await server.store.messages.lastSeq(roomId);
    const senders = [alice, bob];
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => request(senders[i % 2]!, "message:send", { roomId, clientMsgId: randomUUID(), body: `c${i}` })),
    );
    const seqs = acks.map((a) => expectOk(a).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
    const page = expectOk(await request(bob, "message:history", { roomId, after: start, limit: 100 }));
    expect(page.messages.map((m) => m.seq)).toEqual(seqs);
  });
});
