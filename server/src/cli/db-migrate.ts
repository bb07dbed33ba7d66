/**
 * npm run db:migrate: brings the configured store's schema up to date. For MongoDB it creates every
 * index (production runs with autoIndex off); for SQLite, opening the store applies its migrations.
 */
import { loadConfig } from "../config";
import { openMongoStore } from "../storage/mongo/open-mongo-store";
import { openStore } from "../storage/open-store";
import { fail } from "./context";

async function main(): Promise<void> {
  const { config } = loadConfig();
  if (config.mongodbUri) {
    const store = await openMongoStore({ uri: config.mongodbUri, ...config.mongo, autoIndex: false });
    try {
      await store.createIndexes();
    } finally {
      await store.close();
    }
    process.stdout.write("MongoDB indexes are in place.\n");
    return;
  }
  const store = await openStore(config);
  await store.close();
  process.stdout.write(`SQLite store in ${config.dataDir} is at the latest schema.\n`);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
