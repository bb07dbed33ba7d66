/**
 * Authenticated encryption of single text fields at rest (AES-256-GCM from node:crypto). Each value
 * carries the id of the key that sealed it, so keys can rotate: the first key seals, every key
 * listed opens. Each value is bound to the record it belongs to (associated data such as
 * "message:<id>"), so a ciphertext moved to another row does not open.
 *
 * Stored form: PREFIX + keyId + ":" + base64url(iv 12 bytes | tag 16 bytes | ciphertext).
 * Values without the prefix were stored before encryption and are read as they are until
 * `npm run keys:rotate` seals them; "" (an erased body) stays "".
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface DataKey {
  id: string;
  key: Buffer;
}

export interface FieldCipher {
  /** The id of the key that seals new values. */
  readonly primaryId: string;
  seal(plain: string, aad: string): string;
  open(stored: string, aad: string): string;
  /** Sealed with the primary key (nothing to rotate), or empty. */
  isCurrent(stored: string): boolean;
}

export class DecryptionError extends Error {
  override readonly name = "DecryptionError";
}

// A control character no client sends as the first of a body (the schemas trim and refuse them), so
// a stored value is never mistaken for a sealed one.
const PREFIX = "\u0001hv1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses DATA_ENCRYPTION_KEYS: comma-separated `id:base64` entries of 32-byte keys. */
export function parseDataKeys(spec: string): DataKey[] {
  const keys = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(":");
      const id = entry.slice(0, at);
      if (at <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`each entry must be id:base64 with an id of 1-32 letters, digits, _ or - (got "${entry.slice(0, 12)}…")`);
      const key = Buffer.from(entry.slice(at + 1), "base64");
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes of base64 (got ${key.length} bytes)`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error("must list at least one key");
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("key ids must be unique");
  return keys;
}

export function createFieldCipher(keys: DataKey[]): FieldCipher {
  const [primary] = keys;
  if (!primary) throw new Error("no data encryption key");
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const currentPrefix = `${PREFIX}${primary.id}:`;

  return {
    primaryId: primary.id,

    seal(plain, aad) {
      if (plain === "") return "";
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", primary.key, iv);
      cipher.setAAD(Buffer.from(aad, "utf8"));
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return currentPrefix + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url");
    },

    open(stored, aad) {
      if (!stored.startsWith(PREFIX)) return stored;
      const rest = stored.slice(PREFIX.length);
      const colon = rest.indexOf(":");
      const key = byId.get(rest.slice(0, colon));
      if (!key) throw new DecryptionError(`A stored value is sealed with key "${rest.slice(0, colon)}", which DATA_ENCRYPTION_KEYS does not list.`);
      const raw = Buffer.from(rest.slice(colon + 1), "base64url");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(aad, "utf8"));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptionError("A stored value failed authentication: wrong key, or the data was altered.");
      }
    },

    isCurrent: (stored) => stored === "" || stored.startsWith(currentPrefix),
  };
}

/** True for a value sealed by any key (used by checks that nothing is stored in plain text). */
export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);
