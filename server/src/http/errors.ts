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
  payload_too_large: 413,
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
    const body = bodyError(err);
    if (body) return sendError(res, body.code, body.message);
    logger.error({ err, method: req.method, path: req.path }, "request failed");
    sendError(res, "internal", "Something went wrong on the server.");
  };
}

/**
 * express.json() reports a body it could not read as an http-errors error with a 4xx status and a
 * `type`: too large (413), malformed JSON, a corrupt gzip or deflate stream (400), or an encoding
 * or charset it does not support (415). These are the client's mistakes, never a server fault.
 */
function bodyError(err: unknown): { code: ErrorCode; message: string } | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { status, type } = err as { status?: unknown; type?: unknown };
  if (status !== 400 && status !== 413 && status !== 415) return undefined;
  if (status === 413 || type === "entity.too.large") return { code: "payload_too_large", message: "The request body is too large." };
  if (type === "entity.parse.failed") return { code: "invalid_input", message: "The request body is not valid JSON." };
  if (status === 415) return { code: "invalid_input", message: "The request body's content encoding or charset is not supported." };
  return { code: "invalid_input", message: "The request body could not be read." };
}
