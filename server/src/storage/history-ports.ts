/**
 * The history of resolved flags, a page at a time, for moderators looking back at what happened
 * and what was noted. Kept apart from ports.ts so that file stays one screen per concern.
 */
import type { FlagPlace, FlagRecord } from "./ports";

/** The last item of a page: the next page starts strictly after (older than) it. */
export interface HistoryCursorRecord {
  resolvedAt: Date;
  id: string;
}

export interface FlagHistoryQuery {
  outcome?: string;
  place?: FlagPlace;
  /** Resolved at or after. */
  from?: Date;
  /** Resolved before. */
  to?: Date;
  before?: HistoryCursorRecord;
  limit: number;
}

export interface FlagHistoryStore {
  /** Resolved paging flags, newest resolution first (resolvedAt, then id, both descending). */
  listResolved(q: FlagHistoryQuery): Promise<FlagRecord[]>;
}
