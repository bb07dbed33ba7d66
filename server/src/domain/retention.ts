/**
 * Retention by age: each data class is kept for its number of days (0: for ever). Every node tries a
 * sweep every RETENTION_SWEEP_MINUTES; for each class the store lets one node per time bucket win
 * the claim, and that node sweeps the class in bounded batches until nothing older than the cutoff
 * is left. A sweep that fails is retried by whichever node wins the next bucket.
 */
import { RETENTION_CLASSES, type RetentionClass, type RetentionStore } from "../storage/retention-ports";
import type { Clock } from "./clock";

export interface RetentionSettings {
  /** Days each class is kept; 0 keeps it for ever. */
  days: Record<RetentionClass, number>;
  /** The length of a time bucket: at most one sweep of a class per bucket, over all nodes. */
  sweepMinutes: number;
}

/** Records looked at per batch: small enough that one batch holds the SQLite writer for milliseconds. */
export const RETENTION_BATCH = 500;

const DAY_MS = 86_400_000;
// Only the current bucket's claim matters; a day of them covers nodes whose clocks differ a little.
const CLAIMS_KEPT_MS = DAY_MS;

/** The cutoff of each class that is swept at all: what was made before it goes. */
export function retentionCutoffs(days: Record<RetentionClass, number>, now: Date): Map<RetentionClass, Date> {
  const cutoffs = new Map<RetentionClass, Date>();
  for (const dataClass of RETENTION_CLASSES) {
    if (days[dataClass] > 0) cutoffs.set(dataClass, new Date(now.getTime() - days[dataClass] * DAY_MS));
  }
  return cutoffs;
}

export const sweepBucket = (now: Date, sweepMinutes: number): number => Math.floor(now.getTime() / (sweepMinutes * 60_000));

export interface RetentionReport {
  /** The classes this node won and swept, with how many records each removed or erased. */
  swept: Partial<Record<RetentionClass, number>>;
  /** What failed on this node (a class, or pruning old claims), with the reason. */
  failed: { what: RetentionClass | "claims"; error: string }[];
}

/** Lets the node serve requests between batches: better-sqlite3 runs on this thread. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function sweepClass(store: RetentionStore, dataClass: RetentionClass, before: Date, at: Date, limit: number, signal?: AbortSignal): Promise<number> {
  let changed = 0;
  let cursor: string | null = null;
  do {
    // Shutting down: what is left is the next sweep's.
    if (signal?.aborted) break;
    const batch = await store.sweep(dataClass, { before, at, cursor, limit });
    changed += batch.changed;
    cursor = batch.next;
    if (cursor !== null) await breathe();
  } while (cursor !== null);
  return changed;
}

export async function sweepRetention(deps: { store: RetentionStore; clock: Clock; settings: RetentionSettings; batch?: number; signal?: AbortSignal }): Promise<RetentionReport> {
  const { store, settings } = deps;
  const now = deps.clock.now();
  const bucket = sweepBucket(now, settings.sweepMinutes);
  const report: RetentionReport = { swept: {}, failed: [] };
  for (const [dataClass, before] of retentionCutoffs(settings.days, now)) {
    if (deps.signal?.aborted) break;
    try {
      // One class failing must not keep the others from their sweep.
      if (!(await store.claim(dataClass, bucket, now))) continue;
      report.swept[dataClass] = await sweepClass(store, dataClass, before, now, deps.batch ?? RETENTION_BATCH, deps.signal);
    } catch (err) {
      report.failed.push({ what: dataClass, error: (err as Error).message });
    }
  }
  if (deps.signal?.aborted) return report;
  try {
    await store.pruneClaims(new Date(now.getTime() - Math.max(CLAIMS_KEPT_MS, 2 * settings.sweepMinutes * 60_000)));
  } catch (err) {
    report.failed.push({ what: "claims", error: (err as Error).message });
  }
  return report;
}
