import mongoose from "mongoose";
import { StoreConflictError, StoreUnavailableError } from "../ports";

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
      name === "MongoPoolClearedError"
    ) {
      throw new StoreUnavailableError(`database unavailable (${name})`);
    }
  }
  if (e instanceof Error && /buffering timed out|Client must be connected|connection .* closed/i.test(e.message)) {
    throw new StoreUnavailableError("database unavailable");
  }
  throw e;
}

/** Runs a database call and translates its failure. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    translate(e);
  }
}
