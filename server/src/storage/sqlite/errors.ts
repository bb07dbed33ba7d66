import { SqliteError } from "better-sqlite3";
import { StoreConflictError } from "../ports";

/** Uniqueness violations become the port's conflict error; everything else goes up unchanged. */
export function translate(e: unknown): never {
  if (e instanceof SqliteError && (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY")) {
    throw new StoreConflictError(e.message);
  }
  throw e;
}

/** better-sqlite3 is synchronous; the ports are async so that network stores fit the same shape. */
export async function run<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (e) {
    translate(e);
  }
}
