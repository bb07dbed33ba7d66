/** Development-only secrets, generated once under DATA_DIR when production's are not set. */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDataKeys, type DataKey } from "./storage/encryption/field-cipher";

/**
 * Generated once and kept, so a development server reads its own data after a restart. Created
 * exclusively: nodes sharing a DATA_DIR that start together all end up with the first one's key.
 */
export function developmentDataKeys(dataDir: string): DataKey[] {
  const file = path.join(dataDir, "data-encryption-key");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    // Written whole under another name, then linked into place: a reader never sees half a key.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(draft, `dev:${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(draft);
    }
  }
  return parseDataKeys(readFileSync(file, "utf8").trim());
}

/** Generated once and kept, so tokens survive a restart of a development server. */
export function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
