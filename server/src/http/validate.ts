import type { z } from "zod";
import { DomainError } from "../domain/errors";

/** The HTTP twin of the gateway's validation: same error shape, same details. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new DomainError("invalid_input", "Invalid request body.", details);
  }
  return parsed.data;
}
