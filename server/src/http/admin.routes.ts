import { Router } from "express";
import { z } from "zod";
import { auditQuerySchema, createUserSchema, flagLabelsQuerySchema, lexiconStatsQuerySchema, oncallDeliveryQuerySchema, setRoleSchema } from "../../../shared/schemas";
import type { AuditService } from "../domain/audit";
import { DomainError } from "../domain/errors";
import type { FlagService } from "../domain/escalation/flags";
import type { LexiconService } from "../domain/escalation/lexicon-admin";
import type { LabelExportService } from "../domain/escalation/label-export";
import type { LexiconStatsService } from "../domain/escalation/lexicon-stats";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import type { AccountErasureService, ErasureOutcome } from "../domain/account-erasure";
import { actorOf, requireUser } from "./bearer";
import { route } from "./errors";
import { parse } from "./validate";

const userIdParam = z.strictObject({ id: z.uuid() });
const entryParam = z.strictObject({ entryId: z.string().regex(/^[a-z0-9_.-]{2,80}$/) });

/** Administration; every route is for admins only (checked in the domain), but for the on-call delivery log, which moderators may read too. */
export function adminRoutes(deps: {
  accounts: AccountService;
  audit: AuditService;
  lexicon: LexiconService;
  lexiconStats: LexiconStatsService;
  labels: LabelExportService;
  flags: FlagService;
  tokens: TokenService;
  onAccountChanged: (userId: string) => void;
  erasure: AccountErasureService;
  onAccountErased: (outcome: ErasureOutcome) => void;
}): Router {
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

  // Erases the account as its owner could (docs/privacy.md, "Erasing an account"); audited under the admin's id.
  router.delete(
    "/users/:id",
    route(async (req, res) => {
      const { id } = parse(userIdParam, req.params);
      deps.onAccountErased(await deps.erasure.eraseByAdmin(actorOf(req), id));
      res.status(204).end();
    }),
  );

  router.get(
    "/lexicon",
    route(async (req, res) => {
      res.json(await deps.lexicon.current(actorOf(req)));
    }),
  );

  router.get(
    "/lexicon/stats",
    route(async (req, res) => {
      const q = parse(lexiconStatsQuerySchema, req.query);
      res.json(await deps.lexiconStats.stats(actorOf(req), q));
    }),
  );

  router.get(
    "/flags/labels.jsonl",
    route(async (req, res) => {
      const q = parse(flagLabelsQuerySchema, req.query);
      const lines = await deps.labels.exportLabels(actorOf(req), q, "http");
      // Message text: never kept by a cache or a proxy.
      res.set({ "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "content-disposition": 'attachment; filename="labels.jsonl"' });
      res.send(lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    }),
  );

  router.put(
    "/lexicon/entries/:entryId",
    route(async (req, res) => {
      const { entryId } = parse(entryParam, req.params);
      const body: unknown = req.body;
      if (typeof body !== "object" || body === null || (body as { id?: unknown }).id !== entryId) {
        throw new DomainError("invalid_input", "The entry's id must match the path.");
      }
      res.json(await deps.lexicon.putEntry(actorOf(req), body));
    }),
  );

  router.delete(
    "/lexicon/entries/:entryId",
    route(async (req, res) => {
      const { entryId } = parse(entryParam, req.params);
      res.json(await deps.lexicon.removeEntry(actorOf(req), entryId));
    }),
  );

  router.get(
    "/audit",
    route(async (req, res) => {
      const q = parse(auditQuerySchema, req.query);
      res.json({ entries: await deps.audit.query(actorOf(req), q) });
    }),
  );

  router.get(
    "/oncall-deliveries",
    route(async (req, res) => {
      const q = parse(oncallDeliveryQuerySchema, req.query);
      res.json({ attempts: await deps.flags.oncallDeliveries(actorOf(req), q) });
    }),
  );

  return router;
}
