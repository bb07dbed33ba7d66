/**
 * The history of resolved flags: what happened and what the moderator noted, a page at a time,
 * for moderators and admins only. It carries no message text; opening a flag's context is
 * flag:get, which records every look at a private conversation's flag (flag.view) as for any flag.
 */
import type { FlagHistoryPage, FlagSummary } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { FlagHistoryQuery } from "../../storage/history-ports";
import type { FlagRecord, Store } from "../../storage/ports";

export const DEFAULT_HISTORY_PAGE = 25;

export type FlagHistoryFilter = Omit<FlagHistoryQuery, "limit"> & { limit?: number };

export function createFlagHistory(deps: { store: Store; summary(f: FlagRecord): Promise<FlagSummary>; requireStaff(actor: Actor): void }) {
  return {
    async list(actor: Actor, q: FlagHistoryFilter): Promise<FlagHistoryPage> {
      deps.requireStaff(actor);
      const limit = q.limit ?? DEFAULT_HISTORY_PAGE;
      const records = await deps.store.flags.listResolved({ ...q, limit });
      const last = records[records.length - 1];
      return {
        items: await Promise.all(records.map(async (f) => ({ ...(await deps.summary(f)), notes: f.notes }))),
        next: records.length === limit && last?.resolvedAt ? { resolvedAt: last.resolvedAt.toISOString(), id: last.id } : null,
      };
    },
  };
}
