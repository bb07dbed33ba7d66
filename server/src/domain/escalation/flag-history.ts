/**
 * The history of resolved flags: what happened and what the moderator noted, a page at a time,
 * for moderators and admins only. It carries no message text; opening a flag's context is
 * flag:get, which records every look at a private conversation's flag (flag.view) as for any flag.
 */
import type { FlagHistoryPage, FlagSummary } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { FlagHistoryQuery, HistoryCursorRecord } from "../../storage/history-ports";
import type { FlagRecord, Store } from "../../storage/ports";
import { matchesHistoryQuery } from "./flag-history-search";

export const DEFAULT_HISTORY_PAGE = 25;
/**
 * The most resolved flags one searching request reads. Notes are sealed at rest, so no index can
 * search them: each is opened and read here. The bound keeps one request's cost fixed; the answer
 * says how far it read (`searchedUpTo`) and `next` carries on from there.
 */
export const FLAG_HISTORY_SEARCH_SCAN = 500;
const SCAN_BATCH = 100;

export type FlagHistoryFilter = Omit<FlagHistoryQuery, "limit"> & { limit?: number; query?: string };

const cursorOf = (f: FlagRecord): HistoryCursorRecord | null => (f.resolvedAt ? { resolvedAt: f.resolvedAt, id: f.id } : null);
const wire = (c: HistoryCursorRecord | null) => (c ? { resolvedAt: c.resolvedAt.toISOString(), id: c.id } : null);

export function createFlagHistory(deps: { store: Store; summary(f: FlagRecord): Promise<FlagSummary>; requireStaff(actor: Actor): void }) {
  const item = async (f: FlagRecord) => ({ ...(await deps.summary(f)), notes: f.notes });

  /** Reads newest first, batch by batch, until a page of matches or the scan bound. */
  async function search(q: FlagHistoryFilter & { query: string }, limit: number): Promise<FlagHistoryPage> {
    const { query, ...filter } = q;
    const found: FlagRecord[] = [];
    let scanned = 0;
    let before = filter.before;
    let last: HistoryCursorRecord | null = null;
    let exhausted = false;
    for (;;) {
      const want = Math.min(SCAN_BATCH, FLAG_HISTORY_SEARCH_SCAN - scanned);
      if (want <= 0) break;
      const batch = await deps.store.flags.listResolved({ ...filter, before, limit: want });
      for (const f of batch) {
        scanned++;
        last = cursorOf(f);
        if (matchesHistoryQuery(f, query)) found.push(f);
        if (found.length === limit) break;
      }
      if (found.length === limit) break;
      if (batch.length < want || !last) {
        exhausted = true;
        break;
      }
      before = last;
    }
    return { items: await Promise.all(found.map(item)), next: exhausted ? null : wire(last), searchedUpTo: scanned };
  }

  return {
    async list(actor: Actor, q: FlagHistoryFilter): Promise<FlagHistoryPage> {
      deps.requireStaff(actor);
      const limit = q.limit ?? DEFAULT_HISTORY_PAGE;
      if (q.query) return search({ ...q, query: q.query }, limit);
      const { query: _none, ...filter } = q;
      const records = await deps.store.flags.listResolved({ ...filter, limit });
      const last = records[records.length - 1];
      return {
        items: await Promise.all(records.map(item)),
        next: records.length === limit && last?.resolvedAt ? { resolvedAt: last.resolvedAt.toISOString(), id: last.id } : null,
      };
    },
  };
}
