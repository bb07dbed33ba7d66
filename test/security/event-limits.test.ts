import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import type { Room } from "../../shared/dto";
import { collect, expectOk, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";

// One hostile account, one socket, thousands of events: what reaches other people, the answers
// and the log must stay bounded, and nobody else may notice.
let server: TestServer;
let mod: ClientSocket;
const logLines: { msg?: string; suppressed?: number }[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(JSON.parse(chunk.toString()) as { msg?: string });
      cb();
    },
  });
  // The defaults, as a deployment gets them.
  server = await startTestServer({ deps: { logger: pino({ level: "warn" }, sink) } });
  mod = (await server.connectAs("moderator")).socket;
});
afterAll(() => server.close());

const emitAckless = (socket: ClientSocket, event: string, payload: unknown) => (socket.emit as (e: string, p: unknown) => void)(event, payload);
const codeOf = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? "ok" : ack.error?.code);

async function typingRoom(members: number): Promise<{ room: Room; sockets: ClientSocket[] }> {
  const { room, members: joined } = await roomWithMembers(server, mod, members);
  return { room, sockets: joined.map((m) => m.socket) };
}

describe("typing relays", () => {
  it("relays none of 2,000 'stopped typing' from someone who never started", async () => {
    const { room, sockets } = await typingRoom(2);
    const [typist, other] = sockets as [ClientSocket, ClientSocket];
    const seen = collect(other, "typing:updated");
    const acks = await Promise.all(Array.from({ length: 2000 }, () => request(typist, "typing:set", { roomId: room.id, typing: false })));
    await settle(300);
    expect(seen.length).toBeLessThanOrEqual(3);
    // Acked either way: the first ones ok, the rest refused as over the limit.
    expect(acks.filter((a) => codeOf(a) === "ok").length).toBeGreaterThan(0);
    expect(acks.filter((a) => codeOf(a) === "rate_limited").length).toBeGreaterThan(1000);
  });

  it("relays a flip to typing and back, and coalesces a flood of flips", async () => {
    const { room, sockets } = await typingRoom(2);
    const [typist, other] = sockets as [ClientSocket, ClientSocket];
    const seen = collect(other, "typing:updated");
    expectOk(await request(typist, "typing:set", { roomId: room.id, typing: true }));
    expectOk(await request(typist, "typing:set", { roomId: room.id, typing: true }));
    expectOk(await request(typist, "typing:set", { roomId: room.id, typing: false }));
    expectOk(await request(typist, "typing:set", { roomId: room.id, typing: false }));
    await settle();
    expect(seen.map((e) => e.typing)).toEqual([true, false]);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => request(typist, "typing:set", { roomId: room.id, typing: i % 2 === 0 })));
    await settle(300);
    expect(seen.length).toBeLessThanOrEqual(2 + 4);
  });
});

describe("reads", () => {
  it("answers rate_limited with retryAfterMs past the limit, and a second user is unaffected", async () => {
    const hammer = (await server.connectAs("member")).socket;
    const bystander = (await server.connectAs("member")).socket;
    const acks = await Promise.all(Array.from({ length: 2000 }, () => request(hammer, "room:list", {})));
    const refused = acks.filter((a) => codeOf(a) === "rate_limited");
    expect(refused.length).toBeGreaterThan(1500);
    const first = refused[0]!;
    expect(first.ok === false && first.error.details).toEqual({ retryAfterMs: expect.any(Number), retryAfterSeconds: expect.any(Number) });
    expect(first.ok === false && (first.error.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expectOk(await request(bystander, "room:list", {}));
  });

  it("keeps message:send's own flood control", async () => {
    const { room, sockets } = await typingRoom(1);
    const sender = sockets[0]!;
    const acks = [];
    for (let i = 0; i < server.config.messageRateLimit.points + 1; i++) {
      acks.push(await request(sender, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `m${i}` }));
    }
    const last = acks.at(-1)!;
    expect(codeOf(last)).toBe("rate_limited");
    expect(last.ok === false && last.error.details).toEqual({ retryAfterSeconds: expect.any(Number) });
  });
});

describe("events without an acknowledgement callback", () => {
  it("write a bounded number of warnings, and count against the limits", async () => {
    const noisy = (await server.connectAs("member")).socket;
    const before = logLines.length;
    for (let i = 0; i < 2000; i++) emitAckless(noisy, "room:list", {});
    // Handled after the ack-less ones, on the same socket, and over the limit because of them.
    const after = await request(noisy, "room:list", {});
    await settle();
    expect(codeOf(after)).toBe("rate_limited");
    const lines = logLines.slice(before);
    expect(lines.filter((l) => l.msg?.includes("without an acknowledgement")).length).toBeLessThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(5);
  });
});

describe("per-user limits", () => {
  it("count every tab of a user together", async () => {
    const small = await startTestServer({ env: { EVENT_USER_LIMIT_READ: "4", EVENT_SOCKET_BURST: "100" } });
    try {
      const { token } = await small.connectAs("member");
      const tabA = await small.connect(token);
      const tabB = await small.connect(token);
      const other = (await small.connectAs("member")).socket;
      const codes = [];
      for (const tab of [tabA, tabB, tabA, tabB, tabA]) codes.push(codeOf(await request(tab, "room:list", {})));
      expect(codes).toEqual(["ok", "ok", "ok", "ok", "rate_limited"]);
      expectOk(await request(other, "room:list", {}));
    } finally {
      await small.close();
    }
  });
});
