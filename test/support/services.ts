/**
 * Real external servers for the service-backed suites: each started on a free loopback port in a
 * temporary directory, and stopped afterwards. Which binaries exist is decided by binaries.cjs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const { findServices } = require("./binaries.cjs") as { findServices(): Record<ServiceName, { bin: string | null; install: string }> };

export type ServiceName = "redis" | "ferretdb" | "chromium";

export const serviceBin = (name: ServiceName): string | null => findServices()[name].bin;

/**
 * `describe` when the service can run here, otherwise a skipped block whose name says why.
 * Under HAVEN_REQUIRE_SERVICES=1 a missing service is a failure, not a skip.
 */
export function describeWithService(name: ServiceName, title: string, body: () => void): void {
  if (serviceBin(name) || (name === "ferretdb" && process.env.MONGODB_URI)) {
    describe(title, body);
    return;
  }
  if (process.env.HAVEN_REQUIRE_SERVICES === "1") {
    describe(title, () => {
      it(`needs ${name}, which is not installed`, () => {
        throw new Error(`${name} is required (HAVEN_REQUIRE_SERVICES=1) but not installed: ${findServices()[name].install}`);
      });
    });
    return;
  }
  // Skipped on purpose: the service is not installed here, and test/run.mjs has said so loudly.
  describe.skip(`${title} [skipped: ${name} not installed]`, body); // reason: no ${name} binary on this machine (see above)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on ${port} within ${timeoutMs} ms`);
}

export interface RunningService {
  port: number;
  url: string;
  /** Where the service keeps its files (FerretDB's data, for checks of what is on disk). */
  dir: string;
  /** Stops the process for good and removes its files. */
  stop(): Promise<void>;
  /** Stops the process but keeps its files, to simulate an outage. */
  pause(): Promise<void>;
  /** Starts it again on the same port after pause(). */
  resume(): Promise<void>;
  /** Suspends the process: connections stay open but nothing answers, like a network partition. */
  freeze(): void;
  /** Lets a frozen process run again. */
  thaw(): void;
}

async function runService(name: ServiceName, makeArgs: (port: number, dir: string) => string[], url: (port: number) => string): Promise<RunningService> {
  const bin = serviceBin(name);
  if (!bin) throw new Error(`${name} is not installed`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `haven-${name}-`));
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    child = spawn(bin, makeArgs(port, dir), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    try {
      await waitForPort(port, child);
    } catch (e) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not start: ${(e as Error).message}\n${stderr}`);
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    port,
    url: url(port),
    dir,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    pause: stop,
    resume: start,
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
  };
}

export function startFerretDb(): Promise<RunningService> {
  return runService(
    "ferretdb",
    (port, dir) => [
      "--handler=sqlite",
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      "--telemetry=disable",
      // The debug/metrics listener defaults to a fixed port, which parallel test servers would fight over.
      "--debug-addr=-",
      "--log-level=error",
    ],
    (port) => `mongodb://127.0.0.1:${port}`,
  );
}

export function startRedis(): Promise<RunningService> {
  return runService(
    "redis",
    (port, dir) => ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    (port) => `redis://127.0.0.1:${port}`,
  );
}

/** A MongoDB URI for the suite: the user's MONGODB_URI when set, otherwise a fresh FerretDB. */
export async function mongoForTests(): Promise<{ uri: (db: string) => string; stop(): Promise<void>; service?: RunningService }> {
  const external = process.env.MONGODB_URI;
  if (external) {
    return { uri: (db) => withDatabase(external, db), stop: async () => undefined };
  }
  const service = await startFerretDb();
  return { uri: (db) => withDatabase(service.url, db), stop: () => service.stop(), service };
}

function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}
