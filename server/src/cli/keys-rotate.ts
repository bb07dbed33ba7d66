/**
 * npm run keys:rotate [-- --batch 500 --pause-ms 20]
 *
 * Re-seals all stored text with the first key of DATA_ENCRYPTION_KEYS. Run it after putting a new
 * key first (keeping the old ones after it); the server may keep running. When it reports done,
 * the old keys can be removed from DATA_ENCRYPTION_KEYS. Interrupted, it is simply run again.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { createFieldCipher } from "../storage/encryption/field-cipher";
import { rotateDataKeys } from "../storage/encryption/rotate";
import { openRawStore } from "../storage/open-store";
import { fail } from "./context";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batch: { type: "string", default: "500" }, "pause-ms": { type: "string", default: "20" } } });
  const batch = Number(values.batch);
  const pauseMs = Number(values["pause-ms"]);
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(pauseMs) || pauseMs < 0) fail("--batch must be a positive integer and --pause-ms a whole number of milliseconds.");
  const { config } = loadConfig();
  const cipher = createFieldCipher(config.dataKeys);
  const store = await openRawStore(config);
  try {
    const report = await rotateDataKeys(store.sealed, cipher, {
      batch,
      pauseMs,
      onBatch: (kind, p) => {
        if (p.changed > 0) process.stdout.write(`${kind}: re-sealed ${p.changed} of ${p.scanned}\n`);
      },
    });
    for (const kind of Object.keys(report.scanned) as (keyof typeof report.scanned)[]) {
      process.stdout.write(`${kind}: ${report.scanned[kind]} read, ${report.changed[kind]} re-sealed\n`);
    }
    process.stdout.write(`Done: everything is sealed with key "${cipher.primaryId}". Other keys may now be removed from DATA_ENCRYPTION_KEYS.\n`);
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
