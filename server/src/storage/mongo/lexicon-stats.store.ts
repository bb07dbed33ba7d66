import { randomUUID } from "node:crypto";
import { trusted, type Model } from "mongoose";
import type { LexiconStatsStore, ShadowHitCount } from "../lexicon-stats-ports";
import type { Guard } from "./errors";
import type { ShadowHitDoc } from "./models/lexicon-stats.model";

const keyOf = (c: Pick<ShadowHitCount, "entryId" | "lexiconVersion" | "day">) => JSON.stringify([c.day, c.entryId, c.lexiconVersion]);

/** Sums the inserted additions into one total per (entryId, lexiconVersion, day), in the port's order. */
function totals(docs: ShadowHitDoc[]): ShadowHitCount[] {
  const byKey = new Map<string, ShadowHitCount>();
  for (const d of docs) {
    const key = keyOf(d);
    const t = byKey.get(key);
    if (!t) byKey.set(key, { entryId: d.entryId, lexiconVersion: d.lexiconVersion, day: d.day, count: d.count, lastSeenAt: d.lastSeenAt });
    else {
      t.count += d.count;
      if (d.lastSeenAt > t.lastSeenAt) t.lastSeenAt = d.lastSeenAt;
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

export function mongoLexiconStatsStore(Hits: Model<ShadowHitDoc>, guard: Guard): LexiconStatsStore {
  return {
    addShadowHits: (counts) =>
      guard(async () => {
        if (counts.length === 0) return;
        await Hits.insertMany(
          counts.map((c) => ({ _id: randomUUID(), entryId: c.entryId, lexiconVersion: c.lexiconVersion, day: c.day, count: c.count, lastSeenAt: c.lastSeenAt })),
        );
      }),
    listShadowHits: ({ sinceDay }) =>
      guard(async () => totals(await Hits.find(sinceDay ? { day: trusted({ $gte: sinceDay }) } : {}).lean<ShadowHitDoc[]>())),
  };
}
