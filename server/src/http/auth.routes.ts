import { Router } from "express";
import { loginSchema } from "../../../shared/schemas";
import type { LoginResponse } from "../../../shared/dto";
import { throttleAddress } from "../auth/client-address";
import { HashBusyError } from "../auth/hash-gate";
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
      // Behind TRUST_PROXY, express derives req.ip from X-Forwarded-For.
      const address = throttleAddress(req.ip);
      // Taken before the password is checked, so concurrent guesses cannot all be checked.
      const wait = await throttle.take(username, address);
      if (wait > 0) {
        res.setHeader("Retry-After", String(wait));
        return sendError(res, "rate_limited", `Too many sign-in attempts from here. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      }
      let user;
      try {
        user = await accounts.authenticate(username, password);
      } catch (e) {
        // Refused by the hash gate: the password was never checked, so the attempt is not spent.
        if (e instanceof HashBusyError) await throttle.refund(username, address);
        throw e;
      }
      if (!user) {
        // The username is not logged either: failed sign-ins often carry a password typed into it.
        logger.info({ ip: req.ip }, "sign-in failed");
        return sendError(res, "unauthenticated", "Wrong username or password.");
      }
      await throttle.succeeded(username, address);
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
