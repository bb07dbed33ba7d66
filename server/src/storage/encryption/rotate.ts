/**
 * Re-seals every stored text with the current (first) key, a batch at a time, while the server
 * runs. Idempotent, so it resumes by running again: values already sealed with the current key are
 * read and left alone. Plain text stored before encryption is sealed too.
 */
import { SEALED_KINDS, type ResealProgress, type SealedKind, type SealedTextStore } from "../sealed-ports";
import type { FieldCipher } from "./field-cipher";
import { checkDataKeys, retireOtherCanaries } from "./key-check";

export interface RotationReport {
  scanned: Record<SealedKind, number>;
  changed: Record<SealedKind, number>;
}

export async function rotateDataKeys(
  sealed: SealedTextStore,
  cipher: FieldCipher,
  options: { batch: number; pauseMs: number; onBatch?: (kind: SealedKind, p: ResealProgress) => void },
): Promise<RotationReport> {
  await checkDataKeys(sealed, cipher);
  const reseal = (stored: string, aad: string) => (cipher.isCurrent(stored) ? null : cipher.seal(cipher.open(stored, aad), aad));
  const zero = () => Object.fromEntries(SEALED_KINDS.map((k) => [k, 0])) as Record<SealedKind, number>;
  const report: RotationReport = { scanned: zero(), changed: zero() };
  for (const kind of SEALED_KINDS) {
    let cursor: string | null = null;
    do {
      const p = await sealed.reseal(kind, cursor, options.batch, reseal);
      report.scanned[kind] += p.scanned;
      report.changed[kind] += p.changed;
      options.onBatch?.(kind, p);
      cursor = p.next;
      // Room for live traffic between batches.
      if (cursor !== null && options.pauseMs > 0) await new Promise((r) => setTimeout(r, options.pauseMs));
    } while (cursor !== null);
  }
  // Everything is under the current key now: the others may be dropped from DATA_ENCRYPTION_KEYS.
  await retireOtherCanaries(sealed, cipher);
  return report;
}
