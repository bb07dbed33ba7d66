/**
 * What one request can make the node hold: answers bounded in count and bytes, and a client that
 * stops reading cut off before it costs the node memory.
 */
import { randomUUID } from "node:crypto";
import type { Room } from "../../shared/dto";
import { MAX_HISTORY_BYTES } from "../../shared/limits";
import { expectOk, request, startTestServer, type ClientSocket, type TestServer, uniqueName } from "../support/server";

jest.setTimeout(30_000);

let server: TestServer;
let staff: { socket: ClientSocket; user: { id: string } };

beforeAll(async () => {
  server = await startTestServer({
    env: { SOCKET_MAX_BUFFERED_BYTES: String(256 * 1024), EVENT_SOCKET_BURST: "2000", EVENT_USER_LIMIT_READ: "5000", EVENT_RATE_WINDOW_SECONDS: "60" },
  });
  staff = await server.connectAs("moderator");
});
afterAll(() => server.close());

/** A room with `count` messages of `bodyChars` characters, written straight to the store. */
async function roomWithHistory(count: number, bodyChars: number): Promise<Room> {
  const room = expectOk(await request(staff.socket, "room:create", { name: `History ${randomUUID().slice(0, 6)}` }));
  for (let i = 0; i < count; i++) {
    await server.store.messages.append({
      id: randomUUID(),
      roomId: room.id,
      authorId: staff.user.id,
      authorName: "Staff",
      body: `${i} `.padEnd(bodyChars, "é"),
      clientMsgId: randomUUID(),
      createdAt: new Date(),
    });
  }
  return room;
}

describe("answers have bounds", () => {
  it("cuts a history page at its byte bound, says so, and the reader can go on from there without a gap", async () => {
    const room = await roomWithHistory(100, 4000);
    const member = await server.connectAs("member");
    expectOk(await request(member.socket, "room:join", { roomId: room.id }));
    const latest = expectOk(await request(member.socket, "message:history", { roomId: room.id, limit: 100 }));
    expect(latest.truncated).toBe(true);
    expect(latest.messages.length).toBeLessThan(100);
    // The newest are kept when reading back from the end.
    expect(latest.messages[latest.messages.length - 1]!.seq).toBe(100);
    const bytes = latest.messages.reduce((n, m) => n + Buffer.byteLength(m.body), 0);
    expect(bytes).toBeLessThanOrEqual(MAX_HISTORY_BYTES);
    // Catching up keeps the oldest, and paging on reaches every message exactly once.
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = expectOk(await request(member.socket, "message:history", { roomId: room.id, after, limit: 100 }));
      seen.push(...page.messages.map((m) => m.seq));
      if (!page.truncated && page.messages.length < 100) break;
      after = page.messages[page.messages.length - 1]!.seq;
    }
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it("answers a page of short messages whole", async () => {
    const room = await roomWithHistory(30, 20);
    const member = await server.connectAs("member");
    expectOk(await request(member.socket, "room:join", { roomId: room.id }));
    const page = expectOk(await request(member.socket, "message:history", { roomId: room.id, limit: 100 }));
    expect(page.messages).toHaveLength(30);
    expect(page.truncated).toBeUndefined();
  });

  it("lists rooms a page at a time, every room once, and refuses a made-up cursor", async () => {
    for (let i = 0; i < 5; i++) expectOk(await request(staff.socket, "room:create", { name: `Paged ${i}` }));
    const member = await server.connectAs("member");
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = expectOk(await request(member.socket, "room:list", cursor ? { cursor, limit: 2 } : { limit: 2 }));
      expect(page.rooms.length).toBeLessThanOrEqual(2);
      ids.push(...page.rooms.map((r) => r.id));
      pages++;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    const all = (await server.store.rooms.list()).map((r) => r.id);
    expect(ids).toEqual(all);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
    expect(await request(member.socket, "room:list", { cursor: "bm90IGEgY3Vyc29y" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(member.socket, "room:list", { limit: 1000 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("does not give a room's pinned text to someone banned from it", async () => {
    const room = expectOk(await request(staff.socket, "room:create", { name: uniqueName("Pinned ") }));
    expectOk(await request(staff.socket, "room:pin", { roomId: room.id, body: "We meet at the library, room 4" }));
    const banned = await server.connectAs("member");
    const other = await server.connectAs("member");
    expectOk(await request(banned.socket, "room:join", { roomId: room.id }));
    expectOk(await request(staff.socket, "moderation:ban", { roomId: room.id, userId: banned.user.id, scope: "room", reason: "test" }));
    const listed = async (s: ClientSocket) => {
      const rooms: Room[] = [];
      let cursor: string | undefined;
      do {
        const page = expectOk(await request(s, "room:list", cursor ? { cursor } : {}));
        rooms.push(...page.rooms);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return rooms.find((r) => r.id === room.id);
    };
    expect((await listed(other.socket))?.pinned?.body).toBe("We meet at the library, room 4");
    expect((await listed(banned.socket))?.pinned).toBeNull();
  });
});

describe("a client that stops reading", () => {
  it("is disconnected before its unsent answers grow past the cap, and others are still answered", async () => {
    const room = await roomWithHistory(100, 4000);
    const reader = await server.connectAs("member");
    expectOk(await request(reader.socket, "room:join", { roomId: room.id }));
    const userId = reader.user.id;
    const onServer = async () => (await server.app.io.local.fetchSockets()).some((s) => s.data.userId === userId);
    expect(await onServer()).toBe(true);
    // Stop reading from the TCP socket, as a hostile client would, and pipeline history requests.
    const engine = reader.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void } } } };
    engine.transport.ws._socket.pause();
    for (let i = 0; i < 400; i++) reader.socket.emit("message:history", { roomId: room.id, limit: 100 }, () => undefined);
    for (let i = 0; i < 100 && (await onServer()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await onServer()).toBe(false);
    const other = await server.connectAs("member");
    expectOk(await request(other.socket, "room:list", {}));
  });
});
