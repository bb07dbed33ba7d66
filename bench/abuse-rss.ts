/**
 * What one hostile client costs a node: its RSS, and how long an ordinary user waits, while
 *   1. a member pipelines `message:history` on a socket that does not read, and
 *   2. one address opens websockets and never authenticates.
 * Each runs against a fresh node (its own process and SQLite file) in two configurations: the
 * shipped limits, and the same code with every limit raised out of reach. `--before DIR` adds a
 * third row from another checkout of Haven (for example the last commit before these limits), run
 * with whatever limits it has raised out of reach as well.
 *
 *   npm run bench:abuse -- [--requests 400] [--sockets 5000] [--before ../haven-before]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { createTokenService as createTokenServiceType } from "../server/src/auth/tokens";
import type { openSqliteStore as openSqliteStoreType } from "../server/src/storage/sqlite/open-sqlite-store";
import { writeBenchmarkSection } from "./report";

const { values } = parseArgs({ options: { requests: { type: "string", default: "400" }, sockets: { type: "string", default: "5000" }, before: { type: "string" } } });
const REQUESTS = Number(values.requests);
const SOCKETS = Number(values.sockets);
const ROOT = path.resolve(__dirname, "..");
const SECRET = "bench-secret-that-is-long-enough-0123456789";

const NO_LIMITS: NodeJS.ProcessEnv = {
  SOCKET_MAX_BUFFERED_BYTES: String(2 ** 40),
  CONNECTIONS_PER_ADDRESS: String(1e9),
  CONNECTIONS_PER_USER: String(1e9),
  HANDSHAKE_TIMEOUT_MS: "60000",
  EVENT_SOCKET_BURST: String(1e9),
  EVENT_USER_LIMIT_READ: String(1e9),
};

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Node {
  url: string;
  pid: number;
  stop(): Promise<void>;
  dir: string;
}

/** Seeds a SQLite file with the checkout's own code, then starts that checkout's server on it. */
async function startNode(checkout: string, env: NodeJS.ProcessEnv): Promise<Node & { token: string; roomId: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-abuse-"));
  const { openSqliteStore } = (await import(path.join(checkout, "server/src/storage/sqlite/open-sqlite-store"))) as { openSqliteStore: typeof openSqliteStoreType };
  const store = openSqliteStore({ file: path.join(dataDir, "haven.sqlite") });
  const now = new Date();
  const staffId = randomUUID();
  const memberId = randomUUID();
  const roomId = randomUUID();
  await store.users.create({ id: staffId, username: "staff", displayName: "Staff", role: "moderator", passwordHash: "x", createdAt: now });
  await store.users.create({ id: memberId, username: "member", displayName: "Member", role: "member", passwordHash: "x", createdAt: now });
  await store.rooms.create({ id: roomId, name: "Busy", topic: null, createdBy: staffId, createdAt: now, sessionId: null, locked: false, slowModeSeconds: 0, pinned: null });
  // 100 messages of the longest allowed body, in two-byte characters: the largest history page.
  for (let i = 0; i < 100; i++) {
    await store.messages.append({ id: randomUUID(), roomId, authorId: staffId, authorName: "Staff", body: "é".repeat(4000), clientMsgId: randomUUID(), createdAt: now });
  }
  await store.close();
  const { createTokenService } = (await import(path.join(checkout, "server/src/auth/tokens"))) as { createTokenService: typeof createTokenServiceType };
  const token = createTokenService({ secret: SECRET, ttlSeconds: 3600 }).issue(memberId).token;

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/src/index.ts"], {
    cwd: checkout,
    env: { PATH: process.env.PATH, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    dir: dataDir,
    token,
    roomId,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const client = (url: string, token: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });

/** Samples RSS and how long /healthz takes to answer, every 100 ms for `ms`. */
async function watch(node: Node, ms: number): Promise<{ peakRss: number; worstHealthMs: number }> {
  let peakRss = 0;
  let worstHealthMs = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    peakRss = Math.max(peakRss, rssMiB(node.pid));
    const t = performance.now();
    const ok = await fetch(`${node.url}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
    worstHealthMs = Math.max(worstHealthMs, ok ? performance.now() - t : 5000);
    await sleep(100);
  }
  return { peakRss, worstHealthMs };
}

async function historyAttack(checkout: string, env: NodeJS.ProcessEnv) {
  const node = await startNode(checkout, env);
  try {
    const s = await client(node.url, node.token);
    await s.emitWithAck("room:join", { roomId: node.roomId });
    const baseline = rssMiB(node.pid);
    (s.io.engine as unknown as { transport: { ws: { _socket: { pause(): void } } } }).transport.ws._socket.pause();
    for (let i = 0; i < REQUESTS; i++) s.emit("message:history", { roomId: node.roomId, limit: 100 }, () => undefined);
    const seen = await watch(node, 8000);
    s.disconnect();
    return { baseline, ...seen };
  } finally {
    await node.stop();
  }
}

async function connectionFlood(checkout: string, env: NodeJS.ProcessEnv) {
  const node = await startNode(checkout, env);
  const sockets: WebSocket[] = [];
  try {
    const baseline = rssMiB(node.pid);
    const watching = watch(node, 8000);
    let opened = 0;
    for (let i = 0; i < SOCKETS; i++) {
      const ws = new WebSocket(`${node.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`);
      ws.on("open", () => opened++);
      ws.on("error", () => undefined);
      sockets.push(ws);
      if (i % 200 === 199) await sleep(20);
    }
    const seen = await watching;
    return { baseline, ...seen, opened };
  } finally {
    for (const ws of sockets) ws.terminate();
    await node.stop();
  }
}

async function main() {
  const configs: [string, string, NodeJS.ProcessEnv][] = [
    ["shipped limits", ROOT, {}],
    ["limits raised out of reach", ROOT, NO_LIMITS],
    // The other checkout with its own event limits raised too: the node as it was before any limit.
    ...(values.before ? ([["before (" + path.basename(values.before) + "), limits raised", path.resolve(values.before), NO_LIMITS]] as [string, string, NodeJS.ProcessEnv][]) : []),
  ];
  const rows: string[] = [];
  for (const [name, checkout, env] of configs) {
    const h = await historyAttack(checkout, env);
    const c = await connectionFlood(checkout, env);
    const row = `| ${name} | ${h.baseline.toFixed(0)} | ${h.peakRss.toFixed(0)} | ${h.worstHealthMs.toFixed(0)} | ${c.peakRss.toFixed(0)} | ${c.opened} | ${c.worstHealthMs.toFixed(0)} |`;
    console.log(row);
    rows.push(row);
  }
  writeBenchmarkSection(
    "abuse",
    [
      "## One hostile client: memory and responsiveness",
      "",
      `\`npm run bench:abuse -- --requests ${REQUESTS} --sockets ${SOCKETS}${values.before ? " --before DIR" : ""}\`. A fresh node per run (its own process and SQLite file).`,
      `History amplification: one member pipelines ${REQUESTS} \`message:history\` requests for 100 messages of 4,000 two-byte characters on a socket that does not read.`,
      `Connection flood: one address opens ${SOCKETS} websockets and never authenticates. Each is watched for 8 s: peak RSS of the node, and the slowest \`/healthz\` answer (5000 = no answer).`,
      "",
      "| node | idle RSS (MiB) | history: peak RSS (MiB) | history: slowest /healthz (ms) | flood: peak RSS (MiB) | flood: sockets opened | flood: slowest /healthz (ms) |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
      "With the shipped limits the history attempt is cut off after about `SOCKET_MAX_BUFFERED_BYTES` of unsent answers and the",
      "per-socket event burst, so the node's memory stays near idle; without them it grows with every request and `/healthz`",
      "waits seconds behind the work. The flood is refused after `CONNECTIONS_PER_ADDRESS` connections; without the limit",
      "every socket is held (each costs a file descriptor) until the handshake deadline closes it. Idle RSS includes the",
      "crisis detector's lexicons and vocabularies.",
    ].join("\n"),
  );
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
