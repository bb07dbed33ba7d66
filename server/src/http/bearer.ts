import type { Request, RequestHandler } from "express";
import type { TokenService } from "../auth/tokens";
import type { Actor } from "../domain/actor";
import type { AccountService } from "../domain/accounts";
import { sendError } from "./errors";

const ACTOR = Symbol("actor");
type WithActor = Request & { [ACTOR]?: Actor };

/** Requires `Authorization: Bearer <token>` for a user who still exists. */
export function requireUser(tokens: TokenService, accounts: AccountService): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer (.+)$/.exec(header);
    const userId = tokens.verify(match?.[1]);
    if (!userId) return sendError(res, "unauthenticated", "Sign in first.");
    accounts
      .actorFor(userId)
      .then((actor) => {
        if (!actor) return sendError(res, "unauthenticated", "Sign in first.");
        (req as WithActor)[ACTOR] = actor;
        next();
      })
      .catch(next);
  };
}

export function actorOf(req: Request): Actor {
  const actor = (req as WithActor)[ACTOR];
  if (!actor) throw new Error("actorOf used on a route without requireUser");
  return actor;
}
