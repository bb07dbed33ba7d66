import { Router } from "express";
import { loginSchema } from "../../../shared/schemas";
import type { LoginResponse } from "../../../shared/dto";
import type { LoginThrottle } from "../auth/login-throttle";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import type { Logger } from "../logger";
import { actorOf, requireUser } from "./bearer";
import { route, sendError } from "./errors";
import { parse } from "./validate";

export function authRoutes(deps: { accounts: AccountService; tokens: TokenService; throttle: LoginThrottle; logger: Logger }): Router {
  const { accounts, tokens, throttle, logger } = deps;
  const router = Router();

  router.post(
    "/login",
    route(async (req, res) => {
      const { username, password } = parse(loginSchema, req.body);
      const ip = req.ip ?? "unknown";
      const wait = await throttle.retryAfter(username, ip);
      if (wait > 0) {
        res.setHeader("Retry-After", String(wait));
        return sendError(res, "rate_limited", `Too many failed sign-ins. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      }
      const user = await accounts.authenticate(username, password);
      if (!user) {
        await throttle.recordFailure(username, ip);
        // The username is not logged either: failed sign-ins often carry a password typed into it.
        logger.info({ ip }, "sign-in failed");
        return sendError(res, "unauthenticated", "Wrong username or password.");
      }
      await throttle.recordSuccess(username);
      const { token, expiresAt } = tokens.issue(user.id);
      const body: LoginResponse = { token, user, expiresAt: expiresAt.toISOString() };
      res.json(body);
    }),
  );

  // Lets a signed-in client renew its short-lived token before it expires, without the password.
  router.post(
    "/refresh",
    requireUser(tokens, accounts),
    route(async (req, res) => {
      const actor = actorOf(req);
      const user = await accounts.findUser(actor.userId);
      if (!user) return sendError(res, "unauthenticated", "Sign in first.");
      const { token, expiresAt } = tokens.issue(actor.userId);
      // The account as it is now, so a client learns of a role changed since sign-in.
      const body: LoginResponse = { token, user, expiresAt: expiresAt.toISOString() };
      res.json(body);
    }),
  );

  return router;
}
