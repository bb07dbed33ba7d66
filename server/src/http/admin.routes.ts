import { Router } from "express";
import { z } from "zod";
import { auditQuerySchema, createUserSchema, setRoleSchema } from "../../../shared/schemas";
import type { AuditService } from "../domain/audit";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import { actorOf, requireUser } from "./bearer";
import { route } from "./errors";
import { parse } from "./validate";

const userIdParam = z.strictObject({ id: z.uuid() });

/** Account administration; every route is for admins only (checked in the domain). */
export function adminRoutes(deps: { accounts: AccountService; audit: AuditService; tokens: TokenService; onAccountChanged: (userId: string) => void }): Router {
  const { accounts, tokens } = deps;
  const router = Router();
  router.use(requireUser(tokens, accounts));

  router.get(
    "/users",
    route(async (req, res) => {
      res.json({ users: await accounts.list(actorOf(req)) });
    }),
  );

  router.post(
    "/users",
    route(async (req, res) => {
      const input = parse(createUserSchema, req.body);
      res.status(201).json({ user: await accounts.createByAdmin(actorOf(req), input) });
    }),
  );

  router.patch(
    "/users/:id/role",
    route(async (req, res) => {
      const { id } = parse(userIdParam, req.params);
      const { role } = parse(setRoleSchema, req.body);
      const user = await accounts.setRole(actorOf(req), id, role);
      deps.onAccountChanged(id);
      res.json({ user });
    }),
  );

  router.get(
    "/audit",
    route(async (req, res) => {
      const q = parse(auditQuerySchema, req.query);
      res.json({ entries: await deps.audit.query(actorOf(req), q) });
    }),
  );

  return router;
}
