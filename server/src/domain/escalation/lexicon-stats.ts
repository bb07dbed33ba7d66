/**
 * Learning from moderators: per lexicon entry, how its flags were dispositioned and resolved, and
 * how often it matched while in shadow mode. Shadow matches are counted in memory as messages are
 * scanned and written in batches (by the flag ticker, and on shutdown), so an ordinary message
 * never costs a database write here. Counts only: no message text, no user ids.
 */
import { FLAG_OUTCOMES, type FlagDisposition, type FlagOutcome, type LexiconEntryStats, type LexiconStatsResponse } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { Clock } from "../clock";
import { forbidden } from "../errors";
import { utcDay, type ShadowHitCount } from "../../storage/lexicon-stats-ports";
import type { FlagRecord, Store } from "../../storage/ports";
import type { DetectorMatch } from "./detection";
import type { LexiconService } from "./lexicon-admin";

/** Writes of shadow counts at most this often from the ticker; stats reads and shutdown write at once. */
export const SHADOW_FLUSH_EVERY_MS = 60_000;

export interface LexiconStatsService {
  /** Counts each shadow entry once per message, in memory. */
  recordShadow(matches: DetectorMatch[], lexiconVersion: string): void;
  /** Writes the counts gathered since the last write; on failure they are kept for the next one. Returns how many totals were written. */
  flush(): Promise<number>;
  /** flush(), when SHADOW_FLUSH_EVERY_MS has passed since the last one: the flag ticker calls it. */
  flushIfDue(): Promise<number>;
  /** Admins only. `since`: flags with a hit, and shadow matches on days, at or after it. */
  stats(actor: Actor, q: { since?: Date }): Promise<LexiconStatsResponse>;
}


/**
 * The flag's place in the review list. Flags stored before dispositions existed (or by a store
 * without them) were all alerts.
 */
export function dispositionOf(f: FlagRecord): FlagDisposition {
  const d = (f as FlagRecord & { disposition?: string | null }).disposition;
  return d === "concern_other" || d === "review" ? d : "alert";
}

/**
 * Hook for review items promoted to alerts: a promotion is a miss of the tiering. Reads
 * `promotedAt` when the record carries it; until then nothing counts as promoted.
 */
export function wasPromoted(f: FlagRecord): boolean {
  const at = (f as FlagRecord & { promotedAt?: Date | null }).promotedAt;
  return at !== undefined && at !== null;
}

const noOutcomes = (): Record<FlagOutcome, number> => Object.fromEntries(FLAG_OUTCOMES.map((o) => [o, 0])) as Record<FlagOutcome, number>;

function emptyStats(entryId: string): LexiconEntryStats {
  return {
    entryId,
    category: null,
    severity: null,
    shadow: false,
    weak: false,
    inLexicon: false,
    flags: 0,
    alerts: 0,
    concernOther: 0,
    reviewItems: 0,
    promoted: 0,
    resolved: 0,
    falsePositives: 0,
    falsePositiveRate: null,
    outcomes: noOutcomes(),
    shadowHits: 0,
    shadowLastSeenAt: null,
    shadowByDay: [],
  };
}

export function createLexiconStatsService(deps: { store: Store; clock: Clock; lexicon: Pick<LexiconService, "lexicon" | "refresh"> }): LexiconStatsService {
  const { store, clock } = deps;
  const pending = new Map<string, ShadowHitCount>();
  let lastFlush = clock.now().getTime();

  function add(c: ShadowHitCount): void {
    const key = JSON.stringify([c.entryId, c.lexiconVersion, c.day]);
    const t = pending.get(key);
    if (!t) pending.set(key, { ...c });
    else {
      t.count += c.count;
      if (c.lastSeenAt > t.lastSeenAt) t.lastSeenAt = c.lastSeenAt;
    }
  }

  async function flush(): Promise<number> {
    lastFlush = clock.now().getTime();
    if (pending.size === 0) return 0;
    const batch = [...pending.values()];
    pending.clear();
    try {
      await store.lexiconStats.addShadowHits(batch);
    } catch (e) {
      for (const c of batch) add(c);
      throw e;
    }
    return batch.length;
  }

  function perEntry(flags: FlagRecord[], shadow: ShadowHitCount[]): Map<string, LexiconEntryStats> {
    const lexicon = deps.lexicon.lexicon();
    const stats = new Map<string, LexiconEntryStats>();
    const of = (id: string) => stats.get(id) ?? stats.set(id, emptyStats(id)).get(id)!;
    for (const e of lexicon.entries) {
      Object.assign(of(e.id), { category: e.category, severity: e.severity, shadow: e.shadow === true, weak: e.weak === true, inLexicon: true });
    }
    for (const f of flags) {
      const disposition = dispositionOf(f);
      for (const id of f.entryIds) {
        const s = of(id);
        s.flags++;
        if (disposition === "alert") s.alerts++;
        else if (disposition === "concern_other") s.concernOther++;
        else s.reviewItems++;
        if (wasPromoted(f)) s.promoted++;
        if (f.status !== "resolved" || !f.outcome) continue;
        s.resolved++;
        if (f.outcome in s.outcomes) s.outcomes[f.outcome as FlagOutcome]++;
        if (f.outcome === "false_positive") s.falsePositives++;
      }
    }
    for (const c of shadow) {
      const s = of(c.entryId);
      s.shadowHits += c.count;
      const seen = c.lastSeenAt.toISOString();
      if (!s.shadowLastSeenAt || seen > s.shadowLastSeenAt) s.shadowLastSeenAt = seen;
      const last = s.shadowByDay[s.shadowByDay.length - 1];
      // The store lists by day, so one day's versions are adjacent.
      if (last?.day === c.day) last.hits += c.count;
      else s.shadowByDay.push({ day: c.day, hits: c.count });
    }
    for (const s of stats.values()) s.falsePositiveRate = s.resolved === 0 ? null : s.falsePositives / s.resolved;
    return stats;
  }

  return {
    recordShadow(matches, lexiconVersion) {
      const now = clock.now();
      for (const entryId of new Set(matches.map((m) => m.entryId))) add({ entryId, lexiconVersion, day: utcDay(now), count: 1, lastSeenAt: now });
    },
    flush,
    async flushIfDue() {
      return clock.now().getTime() - lastFlush >= SHADOW_FLUSH_EVERY_MS ? flush() : 0;
    },
    async stats(actor, q) {
      if (actor.role !== "admin") throw forbidden("Only admins can read the lexicon statistics.");
      await deps.lexicon.refresh();
      // This node's latest counts; other nodes' reach the store within a minute.
      await flush();
      const [flags, shadow] = await Promise.all([
        store.flags.listRecent(q.since ?? new Date(0)),
        store.lexiconStats.listShadowHits(q.since ? { sinceDay: utcDay(q.since) } : {}),
      ]);
      const entries = [...perEntry(flags, shadow).values()].sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
      return { lexiconVersion: deps.lexicon.lexicon().version, since: q.since?.toISOString() ?? null, generatedAt: clock.now().toISOString(), entries };
    },
  };
}
