import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";
import { openMongoStore } from "./mongo/open-mongo-store";
import { encryptStore } from "./encryption/encrypted-store";
import { createFieldCipher } from "./encryption/field-cipher";
import { checkDataKeys } from "./encryption/key-check";
import type { Store } from "./ports";
import { openSqliteStore } from "./sqlite/open-sqlite-store";

/** MONGODB_URI selects MongoDB; otherwise the embedded SQLite file in DATA_DIR. Either way, what people wrote is sealed at rest. */
export async function openStore(config: Pick<Config, "dataDir" | "sqliteSynchronous" | "mongodbUri" | "mongo" | "dataKeys">): Promise<Store> {
  const raw = await openRawStore(config);
  const cipher = createFieldCipher(config.dataKeys);
  try {
    // A wrong or missing key stops the start here, before anything is served or written.
    await checkDataKeys(raw.sealed, cipher);
  } catch (e) {
    await raw.close();
    throw e;
  }
  return encryptStore(raw, cipher);
}

/** The store as it is on disk, sealed values and all: for key rotation and its checks. */
export async function openRawStore(config: Pick<Config, "dataDir" | "sqliteSynchronous" | "mongodbUri" | "mongo">): Promise<Store> {
  if (config.mongodbUri) {
    return openMongoStore({ uri: config.mongodbUri, ...config.mongo });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore({ file: path.join(config.dataDir, "haven.sqlite"), synchronous: config.sqliteSynchronous });
}
