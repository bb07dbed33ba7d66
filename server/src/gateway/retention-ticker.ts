/**
 * Runs the retention sweep (domain/retention.ts) on every node every RETENTION_SWEEP_MINUTES; the
 * store's claims make each class swept by one node per interval. Logs counts only: never text,
 * never user ids.
 */
import { sweepRetention, type RetentionReport, type RetentionSettings } from "../domain/retention";
import type { Clock } from "../domain/clock";
import type { Logger } from "../logger";
import type { RetentionStore } from "../storage/retention-ports";

export interface RetentionTicker {
  /** Sweeps what this node claims now; tests call it with a manual clock. */
  tick(): Promise<RetentionReport>;
  stop(): void;
}

export function startRetentionTicker(deps: { logger: Logger; store: RetentionStore; clock: Clock; settings: RetentionSettings }): RetentionTicker {
  const { logger } = deps;
  let running: Promise<RetentionReport> | undefined;
  // Stops a sweep between batches at shutdown, before the store is closed under it.
  const stopping = new AbortController();

  const tick = (): Promise<RetentionReport> => {
    // One sweep at a time: a long backlog must not stack sweeps up on this node.
    running ??= (async () => {
      try {
        const report = await sweepRetention({ ...deps, signal: stopping.signal });
        if (Object.keys(report.swept).length > 0) logger.info({ retention: report.swept }, "retention sweep: records removed or erased per class");
        for (const f of report.failed) logger.warn({ retention: f.what, err: f.error }, "retention sweep failed; the next sweep retries");
        return report;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    tick().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "retention sweep failed; the next sweep retries"));
  }, deps.settings.sweepMinutes * 60_000);
  timer.unref();
  return {
    tick,
    stop: () => {
      clearInterval(timer);
      stopping.abort();
    },
  };
}
