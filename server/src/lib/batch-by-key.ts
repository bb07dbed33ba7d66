/**
 * Per key, one batch at a time: items that arrive while a key's batch is being written wait and go
 * together as its next batch, in arrival order; different keys run concurrently. A room's appends
 * on one node then cost one round trip per batch instead of one per message, and never race each
 * other for a sequence number.
 */
export interface Queued<T, R> {
  item: T;
  queuedAt: number;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** Writes one batch; must settle every entry it is given. */
export type BatchWriter<T, R> = (key: string, batch: Queued<T, R>[]) => Promise<void>;

export function batchByKey<T, R>(write: BatchWriter<T, R>, maxBatch = 100): (key: string, item: T) => Promise<R> {
  const waiting = new Map<string, Queued<T, R>[]>();
  const busy = new Set<string>();

  async function drain(key: string): Promise<void> {
    busy.add(key);
    try {
      for (;;) {
        const queue = waiting.get(key);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, maxBatch);
        try {
          await write(key, batch);
        } catch (e) {
          // A writer that threw settles nothing itself: fail what it was given, keep the queue going.
          for (const q of batch) q.reject(e);
        }
      }
    } finally {
      busy.delete(key);
      // Forget idle keys so rooms nobody writes to cost nothing.
      if ((waiting.get(key)?.length ?? 0) === 0) waiting.delete(key);
      else void drain(key);
    }
  }

  return (key, item) =>
    new Promise<R>((resolve, reject) => {
      let queue = waiting.get(key);
      if (!queue) waiting.set(key, (queue = []));
      queue.push({ item, queuedAt: Date.now(), resolve, reject });
      if (busy.has(key)) return;
      busy.add(key);
      // Started after the current microtasks, so items asked for together go in one batch.
      queueMicrotask(() => void drain(key));
    });
}
