/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently.
 * Senders in one room on one node would otherwise race each other for the same sequence number.
 */
export function serialByKey() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    // Forget the key once nothing is queued behind this task, so idle rooms cost nothing.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
