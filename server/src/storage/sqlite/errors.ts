import { StoreConflictError } from "../ports";

const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);

// By code, not `instanceof SqliteError`: the native addon keeps the error class of whichever copy
// of the module loaded it first, so instanceof fails where modules are loaded more than once.
const isUniqueViolation = (e: unknown): boolean =>
  typeof e === "object" && e !== null && UNIQUE_CODES.has(String((e as { code?: unknown }).code));

/** Uniqueness violations become the port's conflict error; everything else goes up unchanged. */
export function translate(e: unknown): never {
  if (isUniqueViolation(e)) throw new StoreConflictError(e instanceof Error ? e.message : "unique constraint");
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
