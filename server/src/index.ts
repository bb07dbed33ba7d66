/** The process entry point: the only place that reads the environment (via loadConfig) and exits. */
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./logger";
import { createRedisFanout } from "./scale/redis-fanout";
import { DataKeyError } from "./storage/encryption/key-check";
import { openStore } from "./storage/open-store";

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const { config, warnings } = loaded;
  const logger = createLogger(config.log);
  for (const w of warnings) logger.warn(w);

  let store;
  try {
    store = await openStore(config);
  } catch (e) {
    if (e instanceof DataKeyError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const fanout = config.redisUrl
    ? createRedisFanout({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, sharded: config.redisShardedAdapter, logger })
    : undefined;
  // A node starts even when Redis is down: it serves its own clients and joins the cluster when Redis comes.
  if (fanout && !(await fanout.ready(5000))) logger.warn("Redis not reachable at start-up; starting degraded");
  const app = createApp(config, { store, logger, fanout });

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once("error", reject);
    app.httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const adapter = !config.redisUrl ? "memory" : config.redisShardedAdapter ? "redis-sharded" : "redis";
  logger.info({ port, store: store.kind, adapter }, `Haven listening on http://localhost:${port}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Whatever hangs, the process is gone before the orchestrator's kill deadline.
    const force = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app
      .close()
      .then(() => fanout?.close())
      .then(() => store.close())
      .then(() => {
        logger.info("shutdown complete");
        logger.flush?.();
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`Haven failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
