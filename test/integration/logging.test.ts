import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { expectOk, request, startTestServer, type TestServer, uniqueName } from "../support/server";

// Everything the server logs at the most verbose level, while secrets and bodies pass through it.
let server: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  server = await startTestServer({ deps: { logger: pino({ level: "trace" }, sink) } });
});
afterAll(() => server.close());

it("never logs message bodies, passwords or tokens", async () => {
  const secretBody = `body-${randomUUID()}`;
  const { user, password } = await server.createUser("moderator");
  const token = await server.login(user.username, password);
  await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: user.username, password: "wrong-password-123" }),
  });
  const socket = await server.connect(token);
  const room = expectOk(await request(socket, "room:create", { name: uniqueName("Log room ") }));
  expectOk(await request(socket, "room:join", { roomId: room.id }));
  expectOk(await request(socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: secretBody }));
  // A rejected body goes through the error path, which logs more.
  await request(socket, "message:send", { roomId: room.id, clientMsgId: "not-a-uuid", body: secretBody });
  (socket.emit as (e: string, p: unknown) => void)("message:send", { roomId: room.id, clientMsgId: randomUUID(), body: secretBody });
  await request(socket, "room:list", {});

  const all = lines.join("");
  expect(lines.length).toBeGreaterThan(0);
  for (const secret of [secretBody, password, "wrong-password-123", token]) expect(all).not.toContain(secret);
});
