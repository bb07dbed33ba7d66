/**
 * Starts a real Haven server on port 0 over a real store, and hands out real socket.io clients.
 * Every test file gets its own server; teardown closes clients, server and store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import type { Ack } from "../../shared/ack";
import type { Role, Room, User } from "../../shared/dto";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/events";
import { createApp, type App, type AppDeps } from "../../server/src/app";
import { loadConfig, type Config } from "../../server/src/config";
import type { Store } from "../../server/src/storage/ports";
import { encryptStore } from "../../server/src/storage/encryption/encrypted-store";
import { createFieldCipher } from "../../server/src/storage/encryption/field-cipher";
import { checkDataKeys } from "../../server/src/storage/encryption/key-check";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  config: Config;
  /** Creates an account directly through the domain and returns it with its password. */
  createUser(role: Role, name?: string): Promise<{ user: User; password: string }>;
  login(username: string, password: string): Promise<string>;
  /** A connected client for a new user of the given role. */
  connectAs(role: Role, name?: string): Promise<{ socket: ClientSocket; user: User; token: string }>;
  connect(token: string, opts?: { origin?: string }): Promise<ClientSocket>;
  close(): Promise<void>;
}

export const TEST_DATA_KEYS = `test:${Buffer.alloc(32, 7).toString("base64")}`;

let counter = 0;
export const uniqueName = (prefix: string): string => `${prefix}${process.pid}x${++counter}`;

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-test-"));
  return loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    JWT_SECRET: "test-secret-that-is-long-enough-0123456789",
    PASSWORD_HASH_COST: "10",
    LOG_LEVEL: "silent",
    // Every test client connects from 127.0.0.1 and many tests hold dozens of sockets; the
    // connection limits have their own tests (test/security/connections.test.ts), which set them.
    // One key for every test server, so servers sharing a store (two nodes) read each other's data.
    DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS,
    CONNECTIONS_PER_ADDRESS: "100000",
    CONNECTIONS_PER_USER: "100000",
    ...overrides,
  }).config;
}

export async function startTestServer(
  options: {
    env?: NodeJS.ProcessEnv;
    store?: Store;
    deps?: Partial<AppDeps>;
    /** False only for the benchmark that measures what sealing costs. */
    sealAtRest?: boolean;
  } = {},
): Promise<TestServer> {
  const config = testConfig(options.env);
  // Sealed at rest as in production: index.ts opens the store the same way (storage/open-store.ts).
  const cipher = createFieldCipher(config.dataKeys);
  const opened = options.store ?? openSqliteStore({ file: path.join(config.dataDir, "haven.sqlite") });
  const store = options.sealAtRest === false ? opened : encryptStore(opened, cipher);
  await checkDataKeys(store.sealed, cipher);
  const app = createApp(config, { store, logger: pino({ level: "silent" }), ...options.deps });
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const clients: ClientSocket[] = [];

  const server: TestServer = {
    url,
    app,
    store,
    config,
    async createUser(role, name) {
      const password = "correct horse battery staple";
      const username = uniqueName(name ?? role);
      const user = await app.services.accounts.create({ username, password, role, displayName: `${username} display` });
      return { user, password };
    },
    async login(username, password) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async connectAs(role, name) {
      const { user, password } = await server.createUser(role, name);
      const token = await server.login(user.username, password);
      return { socket: await server.connect(token), user, token };
    },
    connect(token, opts = {}) {
      const socket: ClientSocket = connect(url, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        extraHeaders: opts.origin ? { origin: opts.origin } : undefined,
      });
      clients.push(socket);
      return new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", (err) => reject(err));
      });
    },
    async close() {
      for (const c of clients) c.disconnect();
      await app.close();
      await store.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Emits with an ack and resolves with the Ack, failing the test on a 5 s silence. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: unknown,
): Promise<Ack<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never>> {
  // The payload is deliberately unknown: tests send malformed input on purpose.
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> }).emitWithAck(event, payload);
}

/** Resolves with the next event of that name, or rejects after the timeout. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  timeoutMs = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler as never);
  });
}

/** Resolves with the first event of that name that satisfies the predicate (earlier ones are skipped). */
export function waitForEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
  timeoutMs = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler as never);
  });
}

/** Collects every event of that name from now on, to assert later that something did NOT arrive. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Lets in-flight socket traffic arrive before asserting that nothing did. */
export const settle = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** A room created by `creator` (staff) with `count` newly signed-in members in it. */
export async function roomWithMembers(server: TestServer, creator: ClientSocket, count: number): Promise<{ room: Room; members: Awaited<ReturnType<TestServer["connectAs"]>>[] }> {
  const room = expectOk(await request(creator, "room:create", { name: uniqueName("Room ") }));
  const members: Awaited<ReturnType<TestServer["connectAs"]>>[] = [];
  for (let i = 0; i < count; i++) {
    const m = await server.connectAs("member");
    expectOk(await request(m.socket, "room:join", { roomId: room.id }));
    members.push(m);
  }
  return { room, members };
}
