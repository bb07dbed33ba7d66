/**
 * Handing a flag from one moderator to another, or back to the queue. Kept apart from ports.ts so
 * that file stays one screen of interfaces per concern.
 */
import type { FlagRecord } from "./ports";

/** Who holds a flag now: null `by` means open (unclaimed). `at` is when they took it. */
export interface FlagHolder {
  by: string | null;
  at: Date | null;
}

export interface FlagHandoverStore {
  /**
   * Gives an unresolved paging flag to `to` (claimed from `at`), or back to the queue when `to` is
   * null, only while its holder is still exactly `from`; null for every caller that lost a race,
   * or when the flag is resolved, listed or unknown. Exactly one of two concurrent calls wins.
   */
  handOver(id: string, from: FlagHolder, to: string | null, at: Date): Promise<FlagRecord | null>;
}
