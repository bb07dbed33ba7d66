import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { z } from "zod";
import { createHandlerTable, dispatchEvents, reply } from "../../server/src/gateway/handle";
import { DomainError } from "../../server/src/domain/errors";
import type { HavenServer } from "../../server/src/gateway/types";
import type { ClientSocket } from "../support/server";
import { request } from "../support/server";

// The wrapper in isolation, on a real Socket.IO server, with handlers that fail in each way.
let io: HavenServer;
let client: ClientSocket;
const logLines: Record<string, unknown>[] = [];
let calls = 0;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const http = createServer();
  io = new Server(http);
  const { table, on } = createHandlerTable(logger);
  on("room:list", z.strictObject({ mode: z.enum(["ok", "domain", "crash"]) }), async ({ mode }) => {
      calls++;
      if (mode === "domain") throw new DomainError("room_closed", "The session has ended.");
      if (mode === "crash") throw new Error("secret internal detail");
      return reply({ rooms: [], nextCursor: null });
    });
  io.on("connection", (socket) => {
    socket.data = { userId: "u1", role: "member", displayName: "U" };
    dispatchEvents(socket, table);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ["websocket"] });
  await new Promise((r) => client.once("connect", () => r(undefined)));
});

afterAll(async () => {
  client.disconnect();
  await new Promise((r) => io.close(() => r(undefined)));
});

describe("the event wrapper", () => {
  it("acks ok with the handler's data", async () => {
    expect(await request(client, "room:list", { mode: "ok" })).toEqual({ ok: true, data: { rooms: [], nextCursor: null } });
  });

  it("acks invalid_input with details and never calls the handler", async () => {
    const before = calls;
    const ack = await request(client, "room:list", { mode: "nope" });
    expect(ack).toEqual({ ok: false, error: { code: "invalid_input", message: expect.any(String), details: [expect.objectContaining({ path: "mode" })] } });
    expect(calls).toBe(before);
  });

  it("passes a domain error's code through", async () => {
    expect(await request(client, "room:list", { mode: "domain" })).toEqual({ ok: false, error: { code: "room_closed", message: "The session has ended." } });
  });

  it("hides an unexpected error behind internal and logs it with the event and socket id", async () => {
    const ack = await request(client, "room:list", { mode: "crash" });
    expect(ack).toEqual({ ok: false, error: { code: "internal", message: expect.any(String) } });
    expect(JSON.stringify(ack)).not.toContain("secret internal detail");
    expect(logLines).toContainEqual(expect.objectContaining({ event: "room:list", socketId: expect.any(String), level: 50 }));
  });

  it("logs and drops an event whose ack is not a function", async () => {
    const before = calls;
    (client.emit as (event: string, payload: unknown) => void)("room:list", { mode: "ok" });
    await request(client, "room:list", { mode: "ok" });
    expect(calls).toBe(before + 1);
    expect(logLines).toContainEqual(expect.objectContaining({ event: "room:list", msg: expect.stringContaining("without an acknowledgement") }));
  });

  it("answers an event sent with only an acknowledgement, or with extra arguments, instead of dropping it", async () => {
    const bare = await new Promise((resolve) => (client.emit as (e: string, ack: (a: unknown) => void) => void)("room:list", resolve));
    expect(bare).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const extra = await new Promise((resolve) => (client.emit as (e: string, a: unknown, b: unknown, ack: (a: unknown) => void) => void)("room:list", { mode: "ok" }, 1, resolve));
    expect(extra).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});
