import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { io as connect } from "socket.io-client";
import { systemClock } from "../../server/src/domain/clock";
import { createServices } from "../../server/src/services";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

// The real entry point in its own process: SIGTERM must tell clients, close everything and exit 0 in time.
jest.setTimeout(60_000);

it("exits 0 within 10 s of SIGTERM, after telling connected clients it is restarting", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-shutdown-"));
  const root = path.resolve(__dirname, "../..");
  // Seed an account straight into the file the server will open.
  const seedStore = openSqliteStore({ file: path.join(dataDir, "haven.sqlite") });
  await createServices({ store: seedStore, clock: systemClock, passwordCost: 10 }).accounts.create({ username: "stayer", password: "a long password here", role: "member" });
  await seedStore.close();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/src/index.ts")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info", LOG_PRETTY: "false", JWT_SECRET: "x".repeat(40), PASSWORD_HASH_COST: "10" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not start")), 30_000);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const entry = JSON.parse(line) as { port?: number };
        if (entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      });
    });

    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "stayer", password: "a long password here" }),
    });
    const { token } = (await login.json()) as { token: string };
    const client = connect(`http://127.0.0.1:${port}`, { auth: { token }, transports: ["websocket"], reconnection: false });
    await new Promise((r) => client.once("connect", () => r(undefined)));
    const told = new Promise<{ reconnectAfterMs: number }>((r) => client.once("server:restarting", r));
    const dropped = new Promise((r) => client.once("disconnect", r));

    const started = Date.now();
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const code = await exit;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await told).reconnectAfterMs).toBeGreaterThan(0);
    await dropped;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
