/**
 * Retention by age: what the retention sweep needs from storage. Kept out of ports.ts so that file
 * stays one screen of interfaces per concern. The sweep works below the encrypting wrapper's
 * concerns: it only deletes rows and blanks bodies, so it needs no keys and passes through it as is.
 */

/** The data classes kept for a limited time, each with its own setting (see config.ts and docs/privacy.md). */
export const RETENTION_CLASSES = ["roomMessages", "privateMessages", "flagContext", "oncallLog", "attendance", "audit"] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export interface RetentionBatchQuery {
  /** Records from before this go. */
  before: Date;
  /** Now: the deletedAt of a message whose body the sweep erases. */
  at: Date;
  /** null for the first batch; then whatever the previous batch returned as `next`. Opaque to callers. */
  cursor: string | null;
  /** At most this many records are looked at (or changed) in one batch. */
  limit: number;
}

export interface RetentionBatch {
  /** Records removed or erased by this batch. */
  changed: number;
  /** Where the next batch starts; null when this class is done for this cutoff. */
  next: string | null;
}

export interface RetentionStore {
  /**
   * One bounded batch of a class's sweep, so a long backlog never holds a database (the SQLite
   * writer above all) for long. Idempotent: a batch repeated or cut short is finished by the next
   * sweep. Per class:
   * - roomMessages, privateMessages: messages of group rooms, resp. of private conversations
   *   (a place whose id is a conversation's), created before `before` are deleted, with their
   *   hold and release, except the newest message of each place: its body is erased ("" and
   *   deletedAt, as messages.erase does) and its row kept, so the place's lastSeq, and with it the
   *   next seq, never goes back.
   * - flagContext: flags resolved before `before` lose their frozen context (the messages in the
   *   flag and those frozen after it) and their resolution notes; the record itself stays. Open
   *   and claimed flags are never touched.
   * - oncallLog: on-call delivery attempts made before `before`.
   * - attendance: attendance intervals that began before `before`, closed or not.
   * - audit: audit log entries from before `before`.
   */
  sweep(dataClass: RetentionClass, q: RetentionBatchQuery): Promise<RetentionBatch>;
  /**
   * True for exactly one caller per (class, bucket), however many nodes race: an insert under a
   * unique key, the one write every supported server makes atomic. The winner sweeps.
   */
  claim(dataClass: RetentionClass, bucket: number, at: Date): Promise<boolean>;
  /** Deletes claims made before `before`; returns how many. */
  pruneClaims(before: Date): Promise<number>;
}
