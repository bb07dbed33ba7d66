import type { Database } from "better-sqlite3";
import type { LexiconStatsStore, ShadowHitCount } from "../lexicon-stats-ports";
import { run } from "./errors";

interface Row {
  entry_id: string;
  lexicon_version: string;
  day: string;
  count: number;
  last_seen_at: number;
}

const toCount = (r: Row): ShadowHitCount => ({ entryId: r.entry_id, lexiconVersion: r.lexicon_version, day: r.day, count: r.count, lastSeenAt: new Date(r.last_seen_at) });

export function sqliteLexiconStatsStore(db: Database): LexiconStatsStore {
  // One statement per total: the file serialises writers, so concurrent adds never lose a count.
  const add = db.prepare(
    `INSERT INTO lexicon_shadow_hits (entry_id, lexicon_version, day, count, last_seen_at) VALUES (@entryId, @lexiconVersion, @day, @count, @lastSeenAt)
     ON CONFLICT (entry_id, lexicon_version, day) DO UPDATE SET count = count + excluded.count, last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
  );
  const addAll = db.transaction((counts: ShadowHitCount[]) => {
    for (const c of counts) add.run({ entryId: c.entryId, lexiconVersion: c.lexiconVersion, day: c.day, count: c.count, lastSeenAt: c.lastSeenAt.getTime() });
  });
  const all = db.prepare<[], Row>("SELECT * FROM lexicon_shadow_hits ORDER BY day, entry_id, lexicon_version");
  const since = db.prepare<[string], Row>("SELECT * FROM lexicon_shadow_hits WHERE day >= ? ORDER BY day, entry_id, lexicon_version");
  return {
    addShadowHits: (counts) => run(() => (counts.length === 0 ? undefined : addAll.immediate(counts))),
    listShadowHits: ({ sinceDay }) => run(() => (sinceDay ? since.all(sinceDay) : all.all()).map(toCount)),
  };
}
