/**
 * Group commit for the embedded store. With `synchronous = FULL` every commit waits for the disk
 * (about 2 ms here), so one transaction per message caps a node at a few hundred messages a second.
 * Appends that arrive within one turn of the event loop (up to `maxBatch`) are written in one
 * transaction instead: one wait for the disk for all of them, and each caller's promise settles
 * only after that commit, so an ack still means the message is durable.
 *
 * Written here because better-sqlite3 is synchronous and has no batching of its own; the queue is
 * a few lines and keeps the order callers asked in (seq order within a room).
 */
import type { Database } from "better-sqlite3";
import { translate } from "./errors";

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most items in one transaction: bounds how long one commit holds the event loop. */
  maxBatch?: number;
}

/** Returns a function that runs `write` for one item inside a transaction shared with its neighbours. */
export function groupCommit<T, R>(db: Database, write: (item: T) => R, options: GroupCommitOptions = {}): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 256;
  let queue: Pending<T, R>[] = [];
  let scheduled = false;

  // IMMEDIATE takes the write lock before the first read, as one message's transaction did.
  const writeAll = db.transaction((batch: Pending<T, R>[]) => batch.map((p) => write(p.item)));
  const writeOne = db.transaction((item: T) => write(item));

  function flush(): void {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    if (batch.length === 0) return;
    if (queue.length > 0) schedule();
    let results: R[];
    try {
      results = writeAll.immediate(batch);
    } catch {
      // One item's failure must not fail its neighbours: the batch rolled back as a whole, so each
      // is written again alone and settles with its own result or error.
      for (const p of batch) {
        try {
          p.resolve(writeOne.immediate(p.item));
        } catch (e) {
          settleError(p, e);
        }
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i] as R));
  }

  function settleError(p: Pending<T, R>, e: unknown): void {
    try {
      translate(e);
    } catch (translated) {
      p.reject(translated);
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length >= maxBatch) {
        // A full batch goes now rather than waiting for the turn to end.
        scheduled = false;
        flush();
      } else schedule();
    });
}
