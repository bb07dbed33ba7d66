/**
 * What key management needs from storage, below the encrypting wrapper: the stored (sealed) text
 * itself. Used at start-up to check the keys against the data, and by `npm run keys:rotate`.
 */

/** The kinds of sealed text, each walked on its own: message bodies, pinned text, flags (frozen context and notes), context added to flags later. */
export const SEALED_KINDS = ["messages", "pinned", "flags", "flag_context", "reports"] as const;
export type SealedKind = (typeof SEALED_KINDS)[number];

/**
 * Given a stored value and the associated data it was sealed with, the value sealed anew, or null
 * when it needs no change.
 */
export type Reseal = (stored: string, aad: string) => string | null;

export interface ResealProgress {
  scanned: number;
  changed: number;
  /** Where the next batch starts; null when the kind is done. */
  next: string | null;
}

export interface SealedTextStore {
  /** One sealed sample per key id that has sealed data here, to tell a wrong key at start-up. */
  canaries(): Promise<{ keyId: string; sealed: string }[]>;
  /** Keeps the first sample for a key id; later ones are ignored. */
  addCanary(keyId: string, sealed: string): Promise<void>;
  /** Forgets the samples of every other key (after a complete rotation). */
  dropCanariesExcept(keyId: string): Promise<void>;
  /**
   * Re-seals one batch of a kind after the cursor, in a stable order. Each value is replaced only if
   * it is still what was read, so a message erased or a note written meanwhile is never overwritten.
   */
  reseal(kind: SealedKind, after: string | null, limit: number, fn: Reseal): Promise<ResealProgress>;
}

/** The associated data each kind is sealed with: one place, shared by the wrapper and the stores. */
export const sealAad = {
  message: (messageId: string) => `message:${messageId}`,
  notes: (flagId: string) => `flag-notes:${flagId}`,
  pinned: (roomId: string) => `pinned:${roomId}`,
  reportNote: (reportId: string) => `report-note:${reportId}`,
};
