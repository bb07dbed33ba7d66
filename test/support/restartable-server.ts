/**
 * A Haven server that can be stopped and started again on the same port over the same SQLite file,
 * the way a restart looks to a browser: the page keeps its URL and reconnects by itself.
 */
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pino from "pino";
import type { Role, User } from "../../shared/dto";
import { createApp, type App } from "../../server/src/app";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { testConfig, uniqueName } from "./server";

export interface RestartableServer {
  url: string;
  /** The running app; undefined while stopped. */
  app(): App;
  createUser(role: Role, name?: string): Promise<{ user: User; password: string }>;
  /** Graceful stop (clients are told to reconnect); the data stays. */
  stop(): Promise<void>;
  /** Starts again on the same port and data. */
  start(): Promise<void>;
  /** Stops for good and removes the data. */
  close(): Promise<void>;
}

export async function startRestartableServer(env: NodeJS.ProcessEnv = {}): Promise<RestartableServer> {
  const config = testConfig(env);
  let port = 0;
  let running: { app: App; store: Store } | null = null;

  const start = async () => {
    const store = openSqliteStore({ file: path.join(config.dataDir, "haven.sqlite") });
    const app = createApp(config, { store, logger: pino({ level: "silent" }) });
    await new Promise<void>((resolve) => app.httpServer.listen(port, "127.0.0.1", resolve));
    port = (app.httpServer.address() as AddressInfo).port;
    running = { app, store };
  };
  const stop = async () => {
    if (!running) return;
    const { app, store } = running;
    running = null;
    await app.close();
    await store.close();
  };
  await start();
  const app = (): App => {
    if (!running) throw new Error("the server is stopped");
    return running.app;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async createUser(role, name) {
      const password = "correct horse battery staple";
      const username = uniqueName(name ?? role);
      const user = await app().services.accounts.create({ username, password, role, displayName: `${username} display` });
      return { user, password };
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
