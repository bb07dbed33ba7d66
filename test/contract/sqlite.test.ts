import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("sqlite", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-contract-"));
  const file = path.join(dir, "haven.sqlite");
  const store = openSqliteStore({ file });
  return {
    store,
    openPeer: async () => openSqliteStore({ file }),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
