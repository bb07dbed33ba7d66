import { randomBytes, randomUUID } from "node:crypto";
import { openMongoStore, type MongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import { expectOk, request, startTestServer, type TestServer, uniqueName } from "../support/server";
import { describeWithService, startFerretDb, type RunningService } from "../support/services";

// A real outage: the database process is stopped under a running Haven server, then started again.
describeWithService("ferretdb", "a MongoDB outage", () => {
  jest.setTimeout(60_000);
  let db: RunningService;
  let store: MongoStore;
  let server: TestServer;

  beforeAll(async () => {
    db = await startFerretDb();
    store = await openMongoStore({
      uri: `${db.url}/haven_outage_${randomBytes(4).toString("hex")}`,
      autoIndex: true,
      writeConcern: { w: "majority", journal: true },
      serverSelectionTimeoutMs: 1000,
      operationTimeoutMs: 1500,
    });
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    db?.thaw();
    await server?.close();
    await db?.stop();
  });

  it("acks unavailable without hanging, stores nothing, reports it in /readyz, and recovers without a restart", async () => {
    const mod = await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Outage room ") }));
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const before = expectOk(await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "before" }));

    await db.pause();
    // request() gives up after 5 s, so an answer at all proves the send did not hang on the outage.
    const duringId = randomUUID();
    const ack = await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: duringId, body: "during" });
    expect(ack.ok === false && ack.error.code).toBe("unavailable");
    // A burst queued behind the first refused send in the same room: each must be refused within
    // request()'s 5 s, not one server-selection timeout after another.
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "burst" })),
    );
    expect(burst.map((a) => a.ok === false && a.error.code)).toEqual(Array(8).fill("unavailable"));
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: [{ name: "store", ok: false }] });

    await db.resume();
    // The driver reconnects by itself; the first sends after the restart may still see the old pool.
    let after;
    for (let i = 0; i < 20; i++) {
      after = await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: duringId, body: "during" });
      if (after.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const resent = expectOk(after!);
    // The refused send left nothing behind: the retry with the same id is new and takes the next seq.
    expect(resent.seq).toBe(before.seq + 1);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it("refuses sends while the database is up but not answering, then recovers", async () => {
    const mod = await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Frozen room ") }));
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const before = expectOk(await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "before" }));

    db.freeze();
    try {
      // Open connections that never answer: without an operation deadline these sends would hang for good.
      const acks = await Promise.all(
        Array.from({ length: 6 }, () => request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "frozen" })),
      );
      expect(acks.map((a) => a.ok === false && a.error.code)).toEqual(Array(6).fill("unavailable"));
    } finally {
      db.thaw();
    }

    let after;
    for (let i = 0; i < 40; i++) {
      after = await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "after" });
      if (after.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const sent = expectOk(after!);
    // Whatever the frozen database finished writing after its clients gave up, seqs stay gap-free.
    const history = expectOk(await request(mod.socket, "message:history", { roomId: room.id, after: before.seq - 1, limit: 50 }));
    const seqs = history.messages.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => before.seq + i));
    expect(seqs.at(-1)).toBe(sent.seq);
  });
});
