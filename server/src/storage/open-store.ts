import path from "node:path";
import { mkdirSync } from "node:fs";
import type { Config } from "../config";
import type { Store } from "./ports";
import { openSqliteStore } from "./sqlite/open-sqlite-store";

/** MONGODB_URI selects MongoDB; otherwise the embedded SQLite file in DATA_DIR. */
export async function openStore(config: Pick<Config, "dataDir" | "mongodbUri">): Promise<Store> {
  if (config.mongodbUri) {
    throw new Error("MONGODB_URI is set, but this build has no MongoDB store yet.");
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore({ file: path.join(config.dataDir, "haven.sqlite") });
}
