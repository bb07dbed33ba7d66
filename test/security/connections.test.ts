/**
 * Connections cost a file descriptor and memory before any event: one address, or one account,
 * may hold only so many, and a connection that never authenticates is closed.
 */
import { io as connect } from "socket.io-client";
import { createConnection, type Socket } from "node:net";
import WebSocket from "ws";
import { startTestServer, type ClientSocket, type TestServer } from "../support/server";

jest.setTimeout(30_000);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { CONNECTIONS_PER_ADDRESS: "4", CONNECTIONS_PER_USER: "2", HANDSHAKE_TIMEOUT_MS: "1000", TRUST_PROXY: "true" } });
});
afterAll(() => server.close());

const opened: ClientSocket[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.disconnect();
});

/** Connects with the token from the given client address; resolves with the socket, or the connect_error's message. */
function open(token: string, address: string): Promise<ClientSocket | string> {
  const socket: ClientSocket = connect(server.url, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { "x-forwarded-for": address },
  });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => resolve(err.message));
  });
}

// Signed in without a socket: the test's own connections come from the addresses it names.
const tokens = async (n: number) =>
  Promise.all(
    Array.from({ length: n }, async () => {
      const { user, password } = await server.createUser("member");
      return server.login(user.username, password);
    }),
  );

describe("connection limits", () => {
  it("refuses an address its next connection at the limit, counts other addresses apart, and frees a place when one closes", async () => {
    const t = await tokens(6);
    const first = await Promise.all(t.slice(0, 4).map((x) => open(x, "203.0.113.7")));
    expect(first.every((s) => typeof s !== "string")).toBe(true);
    expect(typeof (await open(t[4]!, "203.0.113.7"))).toBe("string");
    expect(typeof (await open(t[4]!, "198.51.100.9"))).not.toBe("string");
    (first[0] as ClientSocket).disconnect();
    await new Promise((r) => setTimeout(r, 100));
    expect(typeof (await open(t[5]!, "203.0.113.7"))).not.toBe("string");
  });

  it("counts one IPv6 subscriber's /64 as one address", async () => {
    const t = await tokens(5);
    const got = [];
    for (let i = 0; i < 5; i++) got.push(await open(t[i]!, `2001:db8:1:2::${i + 1}`));
    expect(got.filter((s) => typeof s === "string")).toHaveLength(1);
  });

  it("refuses a user's socket beyond their limit with rate_limited, wherever they connect from", async () => {
    const one = await server.createUser("member");
    const token = await server.login(one.user.username, one.password);
    expect(typeof (await open(token, "192.0.2.1"))).not.toBe("string");
    expect(typeof (await open(token, "192.0.2.2"))).not.toBe("string");
    expect(await open(token, "192.0.2.3")).toBe("rate_limited");
    const [other] = await tokens(1);
    expect(typeof (await open(other!, "192.0.2.3"))).not.toBe("string");
  });

  it("closes a connection that does not authenticate before the handshake deadline", async () => {
    const raw = new WebSocket(`${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`, { headers: { "x-forwarded-for": "192.0.2.50" } });
    const opened = Date.now();
    const closedAfter = await new Promise<number>((resolve) => raw.once("close", () => resolve(Date.now() - opened)));
    // Well before Socket.IO's own default of 45 s.
    expect(closedAfter).toBeLessThan(10_000);
  });

  it("caps plain TCP connections per address too (slow HTTP requests), when no proxy is trusted", async () => {
    const direct = await startTestServer({ env: { CONNECTIONS_PER_ADDRESS: "4" } });
    const sockets: Socket[] = [];
    try {
      const { port } = new URL(direct.url);
      const open = () =>
        new Promise<"open" | "closed">((resolve) => {
          const s = createConnection({ host: "127.0.0.1", port: Number(port) });
          sockets.push(s);
          // A request whose body never finishes: what holds a descriptor for as long as the server lets it.
          s.once("connect", () => s.write("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
          s.once("close", () => resolve("closed"));
          setTimeout(() => resolve("open"), 300);
        });
      const results = [];
      for (let i = 0; i < 30; i++) results.push(await open());
      // The limit plus room for a browser's keep-alive connections; the rest are cut at once.
      expect(results.filter((r) => r === "open").length).toBe(4 + 16);
      expect((await fetch(`${direct.url}/healthz`).catch(() => null))?.status ?? "refused").toBe("refused");
      for (const s of sockets.splice(0)) s.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${direct.url}/healthz`)).status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await direct.close();
    }
  });
});
