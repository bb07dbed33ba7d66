/**
 * A small semaphore in front of password hashing. scrypt is deliberately slow and memory-hard, and
 * node runs it on libuv's threadpool, which file and DNS work share. Without a cap a flood of
 * sign-ins (failed or not) queues unboundedly there and every real sign-in waits behind it; with
 * one, a few wait briefly and the rest are refused at once with `rate_limited`.
 */
import { DomainError } from "../domain/errors";

export interface HashGateOptions {
  /** Hashes running at once on this node. */
  concurrency: number;
  /** Hashes allowed to wait for a free slot; beyond that a request is refused. */
  queue: number;
}

export interface HashGate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Seconds a refused client is told to wait: a slot frees within one hash, tens of milliseconds. */
export const HASH_BUSY_RETRY_SECONDS = 1;

export class HashBusyError extends DomainError {
  constructor() {
    super("rate_limited", "The server is busy checking passwords. Try again in a moment.", { retryAfterSeconds: HASH_BUSY_RETRY_SECONDS });
  }
}

export function createHashGate(options: HashGateOptions): HashGate {
  let active = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so a new arrival cannot overtake the queue.
    if (next) next();
    else active--;
  };

  return {
    async run(task) {
      if (active < options.concurrency) active++;
      else if (waiting.length < options.queue) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new HashBusyError();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
