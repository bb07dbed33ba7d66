import { randomUUID } from "node:crypto";
import type { Room } from "../../shared/dto";
import { collect, expectOk, nextEvent, request, settle, startTestServer, waitForEvent, type ClientSocket, type TestServer, uniqueName } from "../support/server";

let server: TestServer;
let room: Room;
let alice: ClientSocket;
let bob: ClientSocket;
let outsider: ClientSocket;

beforeAll(async () => {
  // History tests seed a hundred messages from one user; flood control has its own test.
  server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "100000" } });
  const mod = await server.connectAs("moderator");
  room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Messages room ") }));
  alice = (await server.connectAs("member", "alice")).socket;
  bob = (await server.connectAs("member", "bob")).socket;
  outsider = (await server.connectAs("member", "outsider")).socket;
  expectOk(await request(alice, "room:join", { roomId: room.id }));
  expectOk(await request(bob, "room:join", { roomId: room.id }));
});
afterAll(() => server.close());

const send = (socket: ClientSocket, body: unknown, extra: Record<string, unknown> = {}) =>
  request(socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body, ...extra });

describe("message:send", () => {
  it("stores the message, acks it with its seq, and delivers it to the room", async () => {
    const delivered = nextEvent(bob, "message:created");
    const clientMsgId = randomUUID();
    const message = expectOk(await request(alice, "message:send", { roomId: room.id, clientMsgId, body: "  hello everyone \r\n " }));
    expect(message).toMatchObject({ roomId: room.id, body: "hello everyone", clientMsgId, authorName: expect.stringContaining("alice") });
    expect(message.seq).toBeGreaterThan(0);
    expect(await delivered).toEqual(message);
    const [stored] = await server.store.messages.history(room.id, { after: message.seq - 1, limit: 1 });
    expect(stored?.id).toBe(message.id);
  });

  it("gives consecutive sequence numbers with no gaps", async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push(expectOk(await send(alice, `n${i}`)).seq);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2, seqs[0]! + 3, seqs[0]! + 4]);
  });

  it("returns the original message for a retry with the same clientMsgId and broadcasts nothing new", async () => {
    const clientMsgId = randomUUID();
    const firstSeen = waitForEvent(bob, "message:created", (m) => m.clientMsgId === clientMsgId);
    const first = expectOk(await request(alice, "message:send", { roomId: room.id, clientMsgId, body: "only once" }));
    await firstSeen;
    const seen = collect(bob, "message:created");
    const retry = expectOk(await request(alice, "message:send", { roomId: room.id, clientMsgId, body: "only once (edited)" }));
    expect(retry).toEqual(first);
    // Bob's socket delivers in order: once the later marker is in, a rebroadcast would be too.
    const markerSeen = waitForEvent(bob, "message:created", (m) => m.body === "marker after retry");
    const marker = expectOk(await send(alice, "marker after retry"));
    await markerSeen;
    expect(seen.map((m) => m.id)).toEqual([marker.id]);
    expect(await server.store.messages.lastSeq(room.id)).toBe(marker.seq);
  });

  it("refuses another author's clientMsgId with conflict", async () => {
    const clientMsgId = randomUUID();
    expectOk(await request(alice, "message:send", { roomId: room.id, clientMsgId, body: "mine" }));
    const ack = await request(bob, "message:send", { roomId: room.id, clientMsgId, body: "also mine?" });
    expect(ack.ok === false && ack.error.code).toBe("conflict");
    expect(JSON.stringify(ack)).not.toContain("mine\"");
  });

  it.each([
    ["an empty body", { body: "" }],
    ["a whitespace-only body", { body: " \n\t " }],
    ["a body over 4000 characters", { body: "a".repeat(4001) }],
    ["a control character", { body: "bell\u0007" }],
    ["a missing clientMsgId", { clientMsgId: undefined }],
    ["a clientMsgId that is not a UUID", { clientMsgId: "abc" }],
    ["an operator object as body", { body: { $gt: "" } }],
    ["an operator object as clientMsgId", { clientMsgId: { $ne: null } }],
    ["an operator object as roomId", { roomId: { $ne: null } }],
    ["a prototype key as body", { body: JSON.parse('{"__proto__": {"x": 1}}') }],
  ])("rejects %s with invalid_input and stores nothing", async (_label, override) => {
    const before = await server.store.messages.lastSeq(room.id);
    const ack = await request(alice, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "ok", ...override });
    expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    expect(await server.store.messages.lastSeq(room.id)).toBe(before);
  });

  it("accepts exactly 4000 characters, counting an emoji as one", async () => {
    const ack = await send(alice, "😀".repeat(4000));
    expect(ack.ok && [...ack.data.body].length).toBe(4000);
  });

  it("refuses a user who has not joined the room with forbidden, and nobody receives it", async () => {
    const seen = collect(bob, "message:created");
    const ack = await send(outsider, "let me in");
    expect(ack.ok === false && ack.error.code).toBe("forbidden");
    // Anything the refused send had broadcast would reach bob before this later message.
    const markerSeen = waitForEvent(bob, "message:created", (m) => m.body === "marker after refusal");
    expectOk(await send(alice, "marker after refusal"));
    await markerSeen;
    expect(seen.filter((m) => m.body === "let me in")).toEqual([]);
  });

  it("drops an event sent without an acknowledgement callback", async () => {
    const before = await server.store.messages.lastSeq(room.id);
    (alice.emit as (event: string, payload: unknown) => void)("message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "no ack" });
    // A later acked request on the same socket is handled after the dropped one.
    expectOk(await request(alice, "room:list", {}));
    expect(await server.store.messages.lastSeq(room.id)).toBe(before);
  });
});

describe("message:history", () => {
  let historyRoom: Room;
  beforeAll(async () => {
    const mod = await server.connectAs("moderator");
    historyRoom = expectOk(await request(mod.socket, "room:create", { name: uniqueName("History room ") }));
    expectOk(await request(alice, "room:join", { roomId: historyRoom.id }));
    for (let i = 1; i <= 25; i++) {
      expectOk(await request(alice, "message:send", { roomId: historyRoom.id, clientMsgId: randomUUID(), body: `m${i}` }));
    }
  });

  const history = async (q: Record<string, unknown>) =>
    expectOk(await request(alice, "message:history", { roomId: historyRoom.id, ...q })).messages.map((m) => m.seq);

  it("returns the newest page in ascending order by default", async () => {
    expect(await history({ limit: 5 })).toEqual([21, 22, 23, 24, 25]);
  });

  it("pages backwards with before", async () => {
    expect(await history({ before: 21, limit: 5 })).toEqual([16, 17, 18, 19, 20]);
  });

  it("gap-fills forwards with after", async () => {
    expect(await history({ after: 3, limit: 4 })).toEqual([4, 5, 6, 7]);
    expect(await history({ after: 25 })).toEqual([]);
  });

  it("returns a range with both before and after", async () => {
    expect(await history({ after: 10, before: 14 })).toEqual([11, 12, 13]);
  });

  it("rejects a limit over 100 with invalid_input", async () => {
    const ack = await request(alice, "message:history", { roomId: historyRoom.id, limit: 101 });
    expect(ack.ok === false && ack.error.code).toBe("invalid_input");
  });

  it("refuses a non-member with forbidden", async () => {
    const ack = await request(outsider, "message:history", { roomId: historyRoom.id });
    expect(ack.ok === false && ack.error.code).toBe("forbidden");
  });
});

describe("typing:set", () => {
  it("relays typing to the others, not the typist, and throttles repeats", async () => {
    const bobSees = collect(bob, "typing:updated");
    const aliceSees = collect(alice, "typing:updated");
    const first = nextEvent(bob, "typing:updated");
    expectOk(await request(alice, "typing:set", { roomId: room.id, typing: true }));
    expect(await first).toMatchObject({ roomId: room.id, typing: true });
    const stopped = waitForEvent(bob, "typing:updated", (e) => !e.typing);
    expectOk(await request(alice, "typing:set", { roomId: room.id, typing: true }));
    expectOk(await request(alice, "typing:set", { roomId: room.id, typing: false }));
    await stopped;
    await settle();
    expect(bobSees.map((e) => e.typing)).toEqual([true, false]);
    expect(aliceSees).toEqual([]);
  });

  it("refuses a non-member with forbidden", async () => {
    const ack = await request(outsider, "typing:set", { roomId: room.id, typing: true });
    expect(ack.ok === false && ack.error.code).toBe("forbidden");
  });
});
