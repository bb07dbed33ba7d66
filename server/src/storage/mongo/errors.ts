import mongoose from "mongoose";
import { StoreBusyError, StoreConflictError, StoreUnavailableError } from "../ports";

// The driver's classes, through mongoose, so the driver version is always the one mongoose uses.
const { MongoError, MongoServerError } = mongoose.mongo;

const DUPLICATE_KEY = 11000;

export const isDuplicateKey = (e: unknown): boolean => e instanceof MongoServerError && e.code === DUPLICATE_KEY;

/**
 * Driver errors become the port's errors: callers above the store never see a Mongo type.
 * Network and server-selection failures are "unavailable"; anything else is rethrown as it is.
 */
export function translate(e: unknown): never {
  if (isDuplicateKey(e)) throw new StoreConflictError("duplicate key");
  if (e instanceof MongoError) {
    const name = e.name;
    if (
      name === "MongoServerSelectionError" ||
      name === "MongoNetworkError" ||
      name === "MongoNetworkTimeoutError" ||
      name === "MongoNotConnectedError" ||
      name === "MongoTopologyClosedError" ||
      name === "MongoPoolClearedError" ||
      name === "MongoOperationTimeoutError"
    ) {
      throw new StoreUnavailableError(`database unavailable (${name})`);
    }
  }
  if (e instanceof Error && /buffering timed out|Client must be connected|connection .* closed/i.test(e.message)) {
    throw new StoreUnavailableError("database unavailable");
  }
  throw e;
}

export type Guard = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs database calls, translating their failures. After a call finds the database unavailable,
 * calls in the next `cooldownMs` fail at once instead of each waiting out its own timeout: one
 * request makes several calls, and a client waiting for its ack must hear "unavailable" in time.
 */
export function createGuard(options: { cooldownMs: number; now?: () => number }): Guard {
  const now = options.now ?? Date.now;
  let unavailableUntil = 0;
  return async function guard<T>(fn: () => Promise<T>): Promise<T> {
    if (now() < unavailableUntil) throw new StoreUnavailableError("database unavailable (recent failure)");
    try {
      return await fn();
    } catch (e) {
      try {
        translate(e);
      } catch (translated) {
        // A busy room is no sign of an outage: the next call must still be tried.
        if (translated instanceof StoreUnavailableError && !(translated instanceof StoreBusyError)) unavailableUntil = now() + options.cooldownMs;
        throw translated;
      }
    }
  };
}

/**
 * Where an ordered insert stopped on a duplicate key: the number of documents written before it.
 * Null when the error is anything else.
 */
export function firstDuplicateIndex(e: unknown): number | null {
  const writeErrors = (e as { writeErrors?: unknown }).writeErrors;
  const first = Array.isArray(writeErrors) ? (writeErrors[0] as { code?: number; index?: number; err?: { code?: number; index?: number } } | undefined) : undefined;
  const code = first?.code ?? first?.err?.code;
  const index = first?.index ?? first?.err?.index;
  if (code === DUPLICATE_KEY && typeof index === "number") return index;
  // A single-document insert reports its clash as a plain server error.
  return isDuplicateKey(e) ? 0 : null;
}
