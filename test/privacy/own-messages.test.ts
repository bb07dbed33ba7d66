/**
 * A member's own words: they may delete them (rooms and private conversations) and edit a room
 * message for a while after sending it, with the same rules and broadcasts as everything else.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { api } from "../support/api";
import { manualClock, type ManualClock } from "../support/clock";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { expectOk, nextEvent, request, startTestServer, waitForEvent, type ClientSocket, type TestServer, uniqueName } from "../support/server";

let server: TestServer;
let clock: ManualClock;
let staff: { socket: ClientSocket; token: string; user: { id: string } };

beforeAll(async () => {
  clock = manualClock();
  server = await startTestServer({ deps: { clock }, env: { MESSAGE_RATE_LIMIT: "1000" } });
  staff = await server.connectAs("moderator");
});
afterAll(() => server.close());

async function roomWithTwo() {
  const room = expectOk(await request(staff.socket, "room:create", { name: uniqueName("Circle ") }));
  const author = await server.connectAs("member");
  const other = await server.connectAs("member");
  for (const p of [author, other]) expectOk(await request(p.socket, "room:join", { roomId: room.id }));
  return { roomId: room.id, author, other };
}

const say = (socket: ClientSocket, roomId: string, body: string) => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });

describe("deleting one's own room message", () => {
  it("erases it for everyone, tells the room, and erases it from a flag that froze it, naming the author", async () => {
    const { roomId, author, other } = await roomWithTwo();
    const raised = nextEvent(staff.socket, "flag:raised");
    const sent = expectOk(await say(author.socket, roomId, "I want to kill myself"));
    const flag = await raised;
    const told = nextEvent(other.socket, "message:deleted");
    expect(expectOk(await request(author.socket, "message:delete", { roomId, messageId: sent.id }))).toEqual({ roomId, messageId: sent.id });
    expect(await told).toEqual({ roomId, messageId: sent.id, seq: sent.seq });
    expect(expectOk(await request(other.socket, "message:history", { roomId })).messages[0]).toMatchObject({ id: sent.id, body: "", deletedAt: expect.any(String) as string });
    const detail = expectOk(await request(staff.socket, "flag:get", { flagId: flag.id }));
    expect(detail.context.find((m) => m.id === sent.id)).toMatchObject({ body: "", erasedBy: author.user.id });
  });

  it("refuses a member deleting someone else's message, and leaves it alone", async () => {
    const { roomId, author, other } = await roomWithTwo();
    const sent = expectOk(await say(author.socket, roomId, "mine"));
    expect(await request(other.socket, "message:delete", { roomId, messageId: sent.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(expectOk(await request(other.socket, "message:history", { roomId })).messages[0]!.body).toBe("mine");
  });
});

describe("editing one's own room message", () => {
  it("replaces the words for everyone with an edited mark, and scans the new words for a crisis", async () => {
    const { roomId, author, other } = await roomWithTwo();
    const sent = expectOk(await say(author.socket, roomId, "rough day"));
    const edited = waitForEvent(other.socket, "message:edited", (m) => m.id === sent.id);
    const raised = nextEvent(staff.socket, "flag:raised");
    const ack = expectOk(await request(author.socket, "message:edit", { roomId, messageId: sent.id, body: "rough day, I want to end my life" }));
    expect(ack).toMatchObject({ id: sent.id, seq: sent.seq, body: "rough day, I want to end my life", editedAt: expect.any(String) as string });
    expect(await edited).toMatchObject({ id: sent.id, body: "rough day, I want to end my life" });
    expect(await raised).toMatchObject({ authorId: author.user.id });
    expect(expectOk(await request(other.socket, "message:history", { roomId })).messages[0]).toMatchObject({ body: "rough day, I want to end my life", editedAt: ack.editedAt });
  });

  it("refuses someone else's message, a deleted one, one past the window, and a muted author", async () => {
    const { roomId, author, other } = await roomWithTwo();
    const sent = expectOk(await say(author.socket, roomId, "first"));
    expect(await request(other.socket, "message:edit", { roomId, messageId: sent.id, body: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const late = expectOk(await say(author.socket, roomId, "second"));
    clock.advanceMinutes(16);
    expect(await request(author.socket, "message:edit", { roomId, messageId: late.id, body: "x" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    const fresh = expectOk(await say(author.socket, roomId, "third"));
    expectOk(await request(staff.socket, "moderation:mute", { roomId, userId: author.user.id, minutes: 5 }));
    expect(await request(author.socket, "message:edit", { roomId, messageId: fresh.id, body: "x" })).toMatchObject({ ok: false, error: { code: "muted" } });
    expectOk(await request(staff.socket, "moderation:unmute", { roomId, userId: author.user.id }));
    expectOk(await request(author.socket, "message:delete", { roomId, messageId: fresh.id }));
    expect(await request(author.socket, "message:edit", { roomId, messageId: fresh.id, body: "x" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(expectOk(await request(other.socket, "message:history", { roomId })).messages.map((m) => m.body)).toEqual(["first", "second", ""]);
  });

  it("leaves nothing of the replaced words in the database's files", async () => {
    const { roomId, author } = await roomWithTwo();
    const sent = expectOk(await say(author.socket, roomId, "something I regret saying"));
    const raw = openSqliteStore({ file: path.join(server.config.dataDir, "haven.sqlite") });
    try {
      const sealed = (await raw.messages.findById(roomId, sent.id))!.body.slice(-40);
      expectOk(await request(author.socket, "message:edit", { roomId, messageId: sent.id, body: "never mind" }));
      const files = readdirSync(server.config.dataDir).map((f) => path.join(server.config.dataDir, f));
      expect(files.some((f) => readFileSync(f).includes(sealed))).toBe(false);
    } finally {
      await raw.close();
    }
  });
});

describe("deleting one's own private message", () => {
  it("erases it, tells both participants, and refuses the other participant", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const conversationId = res.body.conversationId;
    const sent = expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "please forget this" }));
    expect(await request(peer.socket, "conversation:delete", { conversationId, messageId: sent.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const told = nextEvent(peer.socket, "message:deleted");
    expectOk(await request(member.socket, "conversation:delete", { conversationId, messageId: sent.id }));
    expect(await told).toEqual({ roomId: conversationId, conversationId, messageId: sent.id, seq: sent.seq });
    expect(expectOk(await request(peer.socket, "conversation:history", { conversationId })).messages[0]).toMatchObject({ id: sent.id, body: "" });
  });
});
