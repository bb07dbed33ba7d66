/**
 * What lexicon measurement needs from storage: how often each shadow entry matched, per day.
 * No text and no user ids: an entry id, the lexicon version it matched under, a day and a count.
 * Implementations: storage/sqlite/lexicon-stats.ts and storage/mongo/lexicon-stats.store.ts; the
 * contract suite in test/contract/lexicon-stats-contract.ts checks both.
 */

/** Shadow matches of one entry under one lexicon version on one UTC day. */
export interface ShadowHitCount {
  entryId: string;
  /** The detector's version string when the entry matched, e.g. "2026.11.6+v3". */
  lexiconVersion: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
  /** The latest match counted. */
  lastSeenAt: Date;
}

export interface LexiconStatsStore {
  /**
   * Adds each count to its (entryId, lexiconVersion, day) total, moving lastSeenAt forward only.
   * Several nodes may add to the same total at once: no count is lost.
   */
  addShadowHits(counts: ShadowHitCount[]): Promise<void>;
  /** One total per (entryId, lexiconVersion, day), days on or after `sinceDay` (all when absent), by day then entry id then version. */
  listShadowHits(q: { sinceDay?: string }): Promise<ShadowHitCount[]>;
}

/** The UTC day of a time, as the stores key it. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
