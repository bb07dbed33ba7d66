/** A person's rights over their own data: `GET /api/me/export` and `DELETE /api/me`. */
import { Router } from "express";
import { eraseAccountSchema } from "../../../shared/schemas";
import { throttleAddress } from "../auth/client-address";
import type { LoginThrottle } from "../auth/login-throttle";
import type { TokenService } from "../auth/tokens";
import type { AccountErasureService, ErasureOutcome } from "../domain/account-erasure";
import type { AccountExportService } from "../domain/account-export";
import type { AccountService } from "../domain/accounts";
import { actorOf, requireUser } from "./bearer";
import { route, sendError } from "./errors";
import { parse } from "./validate";

export function meRoutes(deps: {
  accounts: AccountService;
  exports: AccountExportService;
  erasure: AccountErasureService;
  tokens: TokenService;
  throttle: LoginThrottle;
  onAccountErased: (outcome: ErasureOutcome) => void;
}): Router {
  const { accounts, throttle } = deps;
  const router = Router();
  router.use(requireUser(deps.tokens, accounts));

  router.get(
    "/export",
    route(async (req, res) => {
      const archive = await deps.exports.exportFor(actorOf(req));
      // Health data: never kept by a cache or a proxy.
      res.set({ "cache-control": "no-store", "content-disposition": 'attachment; filename="haven-export.json"' });
      res.json(archive);
    }),
  );

  router.delete(
    "/",
    route(async (req, res) => {
      const { password } = parse(eraseAccountSchema, req.body);
      const actor = actorOf(req);
      const user = await accounts.findUser(actor.userId);
      if (!user) return sendError(res, "unauthenticated", "Sign in first.");
      // A stolen token must not become a way to guess the password: the sign-in limits apply.
      const wait = await throttle.take(user.username, throttleAddress(req.ip));
      if (wait > 0) {
        res.setHeader("Retry-After", String(wait));
        return sendError(res, "rate_limited", `Too many password attempts. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      }
      const outcome = await deps.erasure.eraseOwn(actor, async (u) => (await accounts.authenticate(u.username, password)) !== null);
      // Answered before the sockets close, so the client learns why before it sees the disconnect.
      res.status(204).end();
      deps.onAccountErased(outcome);
    }),
  );

  return router;
}
