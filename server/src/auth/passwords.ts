/**
 * scrypt from node:crypto: memory-hard, no native add-on to build. The parameters are stored in
 * each hash, so raising the cost later only affects new hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { HashGate } from "./hash-gate";

const KEY_LENGTH = 32;
const R = 8;
const P = 1;

function scrypt(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r: R, p: P, maxmem: 256 * N * R };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, logN = 15): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, logN);
  return ["scrypt", logN, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !logN || !salt || !key || Number(r) !== R || Number(p) !== P) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await scrypt(password, Buffer.from(salt, "base64url"), Number(logN));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Hashing and checking behind one seam, so the app can cap how many run at once and tests can count them. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export function scryptHasher(logN: number): PasswordHasher {
  return { hash: (password) => hashPassword(password, logN), verify: verifyPassword };
}

/** The same hasher with every hash and check taking a slot of the gate first. */
export function gatedHasher(inner: PasswordHasher, gate: HashGate): PasswordHasher {
  return {
    hash: (password) => gate.run(() => inner.hash(password)),
    verify: (password, stored) => gate.run(() => inner.verify(password, stored)),
  };
}
