/**
 * A flag's frozen context: the messages before a hit, read once when it is stored, and the ones
 * after it, frozen as they arrive (this node) or by the tick's back-fill (other nodes, restarts).
 * Review items get the same, so a promoted item has it too. A message deleted later is erased from
 * every flag that froze it (store.flags.eraseFromContext): deleted means gone.
 */
import type { ContextMessage, FlagPlace, FlagRecord, Store } from "../../storage/ports";
import type { Clock } from "../clock";
import { frozen } from "./flag-summary";

/** How long after its last hit a flag's after-window may still be filling. */
export const AFTER_CONTEXT_HOURS = 24;

export interface FlagContext {
  /** The messages before a just-stored one, and the message itself, frozen. */
  snapshot(place: FlagPlace, message: ContextMessage): Promise<ContextMessage[]>;
  /** Freezes the next messages of the place into this flag as they pass through this node. */
  startFollowing(place: FlagPlace, flagId: string, seq: number): void;
  follow(place: FlagPlace, message: ContextMessage): Promise<void>;
  backFill(): Promise<number>;
  /** Freezes what the flag's after-window is still missing, from history, now. */
  topUpAfter(f: FlagRecord): Promise<void>;
}

export function createFlagContext(deps: { store: Store; clock: Clock; contextMessages: number }): FlagContext {
  const { store, clock, contextMessages } = deps;

  /**
   * Flags this node raised or merged recently, by place, with the seq window (after, upTo] still to
   * be frozen into each. In memory on purpose: an ordinary message in a place without one costs a
   * map lookup, not a database read; what this misses (other nodes, restarts) backFill completes.
   */
  const following = new Map<string, { flagId: string; after: number; upTo: number; until: number }[]>();
  const placeKey = (place: FlagPlace) => `${place.kind}:${place.id}`;

  /** The messages of the flag's after-window not yet frozen into it, from the message store. */
  async function missingAfter(f: FlagRecord): Promise<ContextMessage[]> {
    const have = new Set(f.context.filter((m) => m.seq > f.messageSeq).map((m) => m.seq));
    if (have.size >= contextMessages) return [];
    const after = await store.messages.history(f.place.id, { after: f.messageSeq, limit: contextMessages });
    // A deleted message is gone: there is nothing of it to freeze.
    return after.filter((m) => !have.has(m.seq) && m.deletedAt === null).map(frozen);
  }

  return {
    async snapshot(place, message) {
      const before = contextMessages === 0 ? [] : await store.messages.history(place.id, { before: message.seq, limit: contextMessages });
      return [...before, message].map(frozen);
    },

    startFollowing(place, flagId, seq) {
      if (contextMessages === 0) return;
      const key = placeKey(place);
      const entries = (following.get(key) ?? []).filter((e) => e.flagId !== flagId);
      entries.push({ flagId, after: seq, upTo: seq + contextMessages, until: clock.now().getTime() + AFTER_CONTEXT_HOURS * 3_600_000 });
      following.set(key, entries);
      if (following.size > 10_000) following.delete(following.keys().next().value as string);
    },

    async follow(place, message) {
      const key = placeKey(place);
      const entries = following.get(key);
      if (!entries) return;
      const now = clock.now().getTime();
      const due = entries.filter((e) => message.seq > e.after && message.seq <= e.upTo);
      // Updated before any await, so a flag started meanwhile is not overwritten by a stale list.
      const open = entries.filter((e) => message.seq < e.upTo && e.until > now);
      if (open.length > 0) following.set(key, open);
      else following.delete(key);
      for (const e of due) await store.flags.addContext(e.flagId, [frozen(message)]);
    },

    async backFill() {
      if (contextMessages === 0) return 0;
      const since = new Date(clock.now().getTime() - AFTER_CONTEXT_HOURS * 3_600_000);
      let filled = 0;
      // Paging flags only: review items are many more, and get theirs when promoted or followed here.
      for (const f of await store.flags.listRecent(since, undefined, "page")) {
        const missing = await missingAfter(f);
        if (missing.length === 0) continue;
        await store.flags.addContext(f.id, missing);
        filled++;
      }
      return filled;
    },

    async topUpAfter(f) {
      if (contextMessages > 0) await store.flags.addContext(f.id, await missingAfter(f));
    },
  };
}
