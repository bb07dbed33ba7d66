import { randomUUID } from "node:crypto";
import { expectOk, request, startTestServer, type TestServer, uniqueName } from "../support/server";

describe("message flood control", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "3", MESSAGE_RATE_WINDOW_SECONDS: "60" } });
  });
  afterAll(() => server.close());

  it("refuses sends past the limit with rate_limited and a retry-after, storing nothing, per user across tabs", async () => {
    const mod = await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Flood ") }));
    const u = await server.connectAs("member");
    const secondTab = await server.connect(u.token);
    expectOk(await request(u.socket, "room:join", { roomId: room.id }));

    for (const socket of [u.socket, secondTab, u.socket]) {
      expectOk(await request(socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "ok" }));
    }
    const refused = await request(secondTab, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "too many" });
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } } });
    if (!refused.ok) expect((refused.error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(await server.store.messages.lastSeq(room.id)).toBe(3);

    // Another user is not affected by this one's flood.
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    expectOk(await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "moderator" }));
  });
});
