/**
 * Checks DATA_ENCRYPTION_KEYS against the data before anything is served: a missing or wrong key
 * is a clear start-up error, not a failure on some reader's history later. Each key that ever
 * sealed data here leaves one sealed sample (a canary); every canary must open with the keys given.
 */
import type { SealedTextStore } from "../sealed-ports";
import { DecryptionError, type FieldCipher } from "./field-cipher";

const CANARY_TEXT = "haven data encryption key check";
const CANARY_AAD = "key-canary";

export class DataKeyError extends Error {
  override readonly name = "DataKeyError";
}

export async function checkDataKeys(sealed: SealedTextStore, cipher: FieldCipher): Promise<void> {
  const canaries = await sealed.canaries();
  for (const c of canaries) {
    let opened: string;
    try {
      opened = cipher.open(c.sealed, CANARY_AAD);
    } catch (e) {
      if (!(e instanceof DecryptionError)) throw e;
      throw new DataKeyError(
        e.message.includes("does not list")
          ? `DATA_ENCRYPTION_KEYS: data here is sealed with key "${c.keyId}", which is not listed. List it after the current key until \`npm run keys:rotate\` has run.`
          : `DATA_ENCRYPTION_KEYS: key "${c.keyId}" is not the key that sealed the data here.`,
      );
    }
    if (opened !== CANARY_TEXT) throw new DataKeyError(`DATA_ENCRYPTION_KEYS: key "${c.keyId}" opened its check value to something else.`);
  }
  if (!canaries.some((c) => c.keyId === cipher.primaryId)) await sealed.addCanary(cipher.primaryId, cipher.seal(CANARY_TEXT, CANARY_AAD));
}

/** After a complete rotation only the current key has sealed data: the others' canaries go, so those keys may be dropped. */
export async function retireOtherCanaries(sealed: SealedTextStore, cipher: FieldCipher): Promise<void> {
  await sealed.dropCanariesExcept(cipher.primaryId);
}
