/**
 * Several Haven nodes as separate processes (`node --import tsx server/src/index.ts`), each on its
 * own port, sharing one store and one Redis, the way a deployment behind a load balancer runs.
 * Users are created through the shared store from the test process; everything else goes through
 * the nodes' real HTTP and Socket.IO interfaces.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { io as connect } from "socket.io-client";
import type { Role, User } from "../../shared/dto";
import { systemClock } from "../../server/src/domain/clock";
import { createTokenService } from "../../server/src/auth/tokens";
import { createServices } from "../../server/src/services";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { encryptStore } from "../../server/src/storage/encryption/encrypted-store";
import { createFieldCipher, parseDataKeys } from "../../server/src/storage/encryption/field-cipher";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import type { ClientSocket } from "./server";
import { TEST_DATA_KEYS, uniqueName } from "./server";
import { freePort, startRedis, type RunningService } from "./services";

const root = path.resolve(__dirname, "../..");
const JWT_SECRET = `cluster-test-secret-${randomBytes(16).toString("hex")}`;
const PASSWORD = "correct horse battery staple";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ClusterNode {
  name: string;
  url: string;
  /** The process id while running. */
  pid(): number | undefined;
  /** Every JSON log line the process wrote, in order. */
  logs: LogLine[];
  /** SIGTERM (graceful) or SIGKILL (crash); resolves when the process has exited. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts the process again on the same port. */
  start(): Promise<void>;
}

export interface ClusterOptions {
  /** Without it each node uses the in-memory adapter: only useful for a single node. */
  redisUrl?: string;
  /** Redis key prefix of every node started by this cluster; random when omitted. */
  prefix?: string;
  /** MongoDB URI of the shared store; a shared SQLite file when omitted. */
  mongoUri?: string;
  /** Extra environment for every node. */
  env?: NodeJS.ProcessEnv;
  /** Extra node flags for every node (such as --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

export interface Cluster {
  prefix: string;
  nodes: ClusterNode[];
  /** Starts one more node; `env` overrides this cluster's environment for it alone. */
  addNode(env?: NodeJS.ProcessEnv): Promise<ClusterNode>;
  createUser(role: Role): Promise<{ user: User; password: string }>;
  /** A valid access token for the user, without a sign-in round trip. */
  tokenFor(userId: string): string;
  login(node: ClusterNode, username: string, password: string): Promise<Response>;
  /** A new user of that role, signed in through `node`, with a socket connected to `node`. */
  connectAs(node: ClusterNode, role: Role): Promise<{ socket: ClientSocket; user: User; token: string }>;
  connect(node: ClusterNode, token: string, options?: { reconnection?: boolean }): Promise<ClientSocket>;
  close(): Promise<void>;
}

export async function startCluster(size: number, options: ClusterOptions): Promise<Cluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-cluster-"));
  const prefix = options.prefix ?? `haven-test-${randomBytes(4).toString("hex")}`;
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    JWT_SECRET,
    DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS,
    PASSWORD_HASH_COST: "10",
    LOG_LEVEL: "info",
    LOG_PRETTY: "false",
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: prefix } : {}),
    SHUTDOWN_TIMEOUT_MS: "3000",
    // All test clients share 127.0.0.1 (see testConfig).
    CONNECTIONS_PER_ADDRESS: "100000",
    CONNECTIONS_PER_USER: "100000",
    ...(options.mongoUri ? { MONGODB_URI: options.mongoUri, MONGODB_OPERATION_TIMEOUT_MS: "3000" } : {}),
    ...options.env,
  };

  // The test process's own handle on the shared store, for creating accounts. It also runs the
  // migrations (SQLite) or builds the indexes (MongoDB) before any node starts.
  const raw: Store = options.mongoUri
    ? await openMongoStore({ uri: options.mongoUri, autoIndex: true, writeConcern: { w: "majority", journal: true }, serverSelectionTimeoutMs: 2000 })
    : openSqliteStore({ file: path.join(dataDir, "haven.sqlite") });
  const store = encryptStore(raw, createFieldCipher(parseDataKeys(TEST_DATA_KEYS)));
  const services = createServices({ store, clock: systemClock, passwordCost: 10 });
  const tokens = createTokenService({ secret: JWT_SECRET, ttlSeconds: 3600 });

  const nodes: ClusterNode[] = [];
  const sockets: ClientSocket[] = [];

  async function addNode(env: NodeJS.ProcessEnv = {}): Promise<ClusterNode> {
    const port = await freePort();
    const name = `node${nodes.length + 1}`;
    const logs: LogLine[] = [];
    let child: ChildProcess | undefined;

    const start = () =>
      new Promise<void>((resolve, reject) => {
        const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/src/index.ts"], {
          cwd: root,
          env: { ...baseEnv, ...env, PORT: String(port) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child = proc;
        let stderr = "";
        proc.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
        const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s\n${stderr}`)), 30_000);
        createInterface({ input: proc.stdout! }).on("line", (line) => {
          let parsed: LogLine;
          try {
            parsed = JSON.parse(line) as LogLine;
          } catch {
            return;
          }
          logs.push(parsed);
          if (typeof parsed.msg === "string" && parsed.msg.startsWith("Haven listening")) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once("exit", (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code ?? signal}) before listening\n${stderr}`));
        });
      });

    const node: ClusterNode = {
      name,
      url: `http://127.0.0.1:${port}`,
      pid: () => child?.pid,
      logs,
      start,
      async stop(signal = "SIGTERM") {
        const proc = child;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill(signal);
        await exited;
      },
    };
    await start();
    nodes.push(node);
    return node;
  }

  const cluster: Cluster = {
    prefix,
    nodes,
    addNode,
    async createUser(role) {
      const username = uniqueName(role);
      const user = await services.accounts.create({ username, password: PASSWORD, role, displayName: `${username} display` });
      return { user, password: PASSWORD };
    },
    tokenFor: (userId) => tokens.issue(userId).token,
    login: (node, username, password) =>
      fetch(`${node.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      }),
    async connectAs(node, role) {
      const { user, password } = await cluster.createUser(role);
      const res = await cluster.login(node, user.username, password);
      if (res.status !== 200) throw new Error(`login on ${node.name} failed with ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      return { socket: await cluster.connect(node, token), user, token };
    },
    connect(node, token, opts = {}) {
      const socket: ClientSocket = connect(node.url, {
        auth: { token },
        transports: ["websocket"],
        reconnection: opts.reconnection ?? false,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
        forceNew: true,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", (err) => reject(err));
      });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await Promise.all(nodes.map((n) => n.stop("SIGKILL")));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  for (let i = 0; i < size; i++) await addNode();
  return cluster;
}

/**
 * Two nodes over a fresh Redis for the suite: started before its tests, stopped after. Read the
 * fields inside tests (they are set in beforeAll).
 */
export function twoNodesOverRedis(options: Omit<ClusterOptions, "redisUrl"> = {}): { cluster: Cluster; node1: ClusterNode; node2: ClusterNode } {
  const running = {} as { cluster: Cluster; node1: ClusterNode; node2: ClusterNode; redis?: RunningService };
  beforeAll(async () => {
    running.redis = await startRedis();
    running.cluster = await startCluster(2, { ...options, redisUrl: running.redis.url });
    [running.node1, running.node2] = running.cluster.nodes as [ClusterNode, ClusterNode];
  });
  afterAll(async () => {
    await running.cluster?.close();
    await running.redis?.stop();
  });
  return running;
}
