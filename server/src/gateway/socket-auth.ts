/**
 * Handshake checks. A rejected connection gets connect_error with the error code as its message,
 * which is what clients script against.
 */
import type { IncomingMessage } from "node:http";
import type { ErrorCode } from "../../../shared/errors";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import type { Logger } from "../logger";
import type { HavenServer } from "./types";

const reject = (code: ErrorCode): Error => new Error(code);

export function useTokenAuth(io: HavenServer, deps: { tokens: TokenService; accounts: AccountService; logger: Logger }): void {
  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === "object" && auth !== null ? (auth as { token?: unknown }).token : undefined;
    const userId = deps.tokens.verify(token);
    if (!userId) return next(reject("unauthenticated"));
    deps.accounts
      .actorFor(userId)
      .then((actor) => {
        if (!actor) return next(reject("unauthenticated"));
        socket.data = actor;
        next();
      })
      .catch((err: unknown) => {
        deps.logger.warn({ err, socketId: socket.id }, "handshake could not load the account");
        next(reject("unavailable"));
      });
  });
}

/**
 * Browsers send Origin; other clients (servers, tests, mobile apps) do not and are allowed, since
 * the token is what authenticates them. Same-origin pages are always allowed.
 */
export function originAllowed(allowedOrigins: readonly string[]) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (!origin) return callback(null, true);
    if (allowedOrigins.includes(origin)) return callback(null, true);
    try {
      callback(null, new URL(origin).host === req.headers.host);
    } catch {
      callback(null, false);
    }
  };
}
