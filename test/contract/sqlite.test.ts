import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("sqlite", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-contract-"));
  const store = openSqliteStore({ file: path.join(dir, "haven.sqlite") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
