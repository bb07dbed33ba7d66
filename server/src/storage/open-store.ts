import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";
import { openMongoStore } from "./mongo/open-mongo-store";
import type { Store } from "./ports";
import { openSqliteStore } from "./sqlite/open-sqlite-store";

/** MONGODB_URI selects MongoDB; otherwise the embedded SQLite file in DATA_DIR. */
export async function openStore(config: Pick<Config, "dataDir" | "mongodbUri" | "mongo">): Promise<Store> {
  if (config.mongodbUri) {
    return openMongoStore({ uri: config.mongodbUri, ...config.mongo });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore({ file: path.join(config.dataDir, "haven.sqlite") });
}
