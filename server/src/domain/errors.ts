import type { ErrorCode } from "../../../shared/errors";

/** A failure the client caused or may act on; its code goes into the ack as it is. */
export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const forbidden = (message = "You are not allowed to do that."): DomainError => new DomainError("forbidden", message);
export const notFound = (what: string): DomainError => new DomainError("not_found", `${what} was not found.`);
export const conflict = (message: string): DomainError => new DomainError("conflict", message);
