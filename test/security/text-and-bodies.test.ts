import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Room } from "../../shared/dto";
import { collect, expectOk, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";

// Text that cannot be written as UTF-8 would be stored as U+FFFD after being broadcast as sent;
// HTTP bodies the server cannot read are the client's mistake and must never look like a crash.
let server: TestServer;
let mod: Awaited<ReturnType<TestServer["connectAs"]>>;
let room: Room;
let alice: ClientSocket;
let bob: ClientSocket;

const LONE_HIGH = "broken \uD83D here";
const LONE_LOW = "\uDE00 at the start";
const EMOJI = "feeling better 😀";

beforeAll(async () => {
  server = await startTestServer();
  mod = await server.connectAs("moderator");
  const made = await roomWithMembers(server, mod.socket, 2);
  room = made.room;
  alice = made.members[0]!.socket;
  bob = made.members[1]!.socket;
});
afterAll(() => server.close());

const refusedAsInvalid = (ack: { ok: boolean; error?: { code: string; details?: unknown } }) => {
  expect(ack.ok).toBe(false);
  expect(ack.error?.code).toBe("invalid_input");
  expect(JSON.stringify(ack.error?.details)).toContain("surrogate");
};

describe("lone UTF-16 surrogates", () => {
  it("refuses one in a room message, stores nothing and broadcasts nothing", async () => {
    const seen = collect(bob, "message:created");
    const before = await server.store.messages.lastSeq(room.id);
    for (const body of [LONE_HIGH, LONE_LOW]) {
      refusedAsInvalid(await request(alice, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
    }
    await settle();
    expect(await server.store.messages.lastSeq(room.id)).toBe(before);
    expect(seen).toEqual([]);
  });

  it("still accepts an emoji (a surrogate pair) and stores exactly what was broadcast", async () => {
    const seen = collect(bob, "message:created");
    const sent = expectOk(await request(alice, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: EMOJI }));
    expect(sent.body).toBe(EMOJI);
    await settle();
    expect(seen.map((m) => m.body)).toEqual([EMOJI]);
    const history = expectOk(await request(alice, "message:history", { roomId: room.id, after: sent.seq - 1 }));
    expect(history.messages.map((m) => m.body)).toEqual([EMOJI]);
  });

  it("refuses one in a room's name or topic, and in a pinned announcement", async () => {
    refusedAsInvalid(await request(mod.socket, "room:create", { name: LONE_HIGH }));
    refusedAsInvalid(await request(mod.socket, "room:create", { name: "Fine name", topic: LONE_LOW }));
    const rooms = expectOk(await request(mod.socket, "room:list", {})).rooms;
    expect(rooms.filter((r) => r.name === LONE_HIGH || r.name === "Fine name")).toEqual([]);
    refusedAsInvalid(await request(mod.socket, "room:pin", { roomId: room.id, body: LONE_HIGH }));
  });

  it("refuses one in a moderation reason", async () => {
    const target = await server.connectAs("member");
    refusedAsInvalid(await request(mod.socket, "moderation:warn", { roomId: room.id, userId: target.user.id, reason: LONE_LOW }));
  });

  it("refuses one in a private message and keeps the conversation empty", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await fetch(`${server.url}/api/assignments`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({ memberId: member.user.id, peerId: peer.user.id }),
    });
    expect(res.status).toBe(201);
    const { conversationId } = (await res.json()) as { conversationId: string };
    const seen = collect(peer.socket, "conversation:message");
    refusedAsInvalid(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: LONE_HIGH }));
    refusedAsInvalid(await request(peer.socket, "availability:set", { status: "away", message: LONE_LOW }));
    await settle();
    expect(seen).toEqual([]);
    expect(expectOk(await request(member.socket, "conversation:history", { conversationId })).messages).toEqual([]);
    const ok = expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: EMOJI }));
    expect(ok.body).toBe(EMOJI);
  });

  it("refuses one in a session title over HTTP with 400 invalid_input", async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const res = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({
        title: LONE_HIGH,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        capacity: 5,
        facilitatorIds: [mod.user.id],
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });
});

describe("request bodies the server cannot read", () => {
  const login = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it("answers an oversized JSON body with 413 payload_too_large", async () => {
    const res = await login(JSON.stringify({ username: "x", password: "y".repeat(200 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
  });

  it("answers malformed JSON with 400 invalid_input", async () => {
    const res = await login('{"username": "x", ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });

  it.each(["gzip", "deflate"])("answers a corrupt %s body with 400 invalid_input", async (encoding) => {
    const res = await login(Buffer.from("this is not compressed at all"), { "content-encoding": encoding });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });

  it("still reads a well-formed gzip body", async () => {
    const res = await login(gzipSync(JSON.stringify({ username: "nobody-here", password: "whatever12345" })), { "content-encoding": "gzip" });
    expect(res.status).toBe(401);
  });
});
