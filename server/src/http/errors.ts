import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { ErrorCode } from "../../../shared/errors";
import { DomainError } from "../domain/errors";
import type { Logger } from "../logger";
import { StoreUnavailableError } from "../storage/ports";

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  room_closed: 409,
  muted: 403,
  unavailable: 503,
  internal: 500,
};

export function sendError(res: Response, code: ErrorCode, message: string, details?: unknown): void {
  res.status(STATUS[code]).json({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** Wraps an async route so a rejection reaches the error handler (express 5 does this, but explicitly typed). */
export const route =
  (fn: (...args: Parameters<RequestHandler>) => Promise<void>): RequestHandler =>
  (req, res, next) =>
    fn(req, res, next).catch(next);

export const notFoundHandler: RequestHandler = (_req, res) => sendError(res, "not_found", "No such route.");

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof DomainError) {
      const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (err.code === "rate_limited" && typeof retry === "number") res.setHeader("Retry-After", String(retry));
      return sendError(res, err.code, err.message, err.details);
    }
    if (err instanceof StoreUnavailableError) return sendError(res, "unavailable", "The service is briefly unavailable; please retry.");
    // express.json() rejects malformed JSON with a 400 and type "entity.parse.failed".
    if (typeof err === "object" && err !== null && "type" in err && (err as { type: unknown }).type === "entity.parse.failed") {
      return sendError(res, "invalid_input", "The request body is not valid JSON.");
    }
    logger.error({ err, method: req.method, path: req.path }, "request failed");
    sendError(res, "internal", "Something went wrong on the server.");
  };
}
