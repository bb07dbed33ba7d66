/**
 * Peer support over REST: assignments (moderators and admins), a peer's caseload, and the crisis
 * resources, which anyone may read without signing in.
 */
import { Router } from "express";
import { z } from "zod";
import type { CrisisResource } from "../../../shared/dto";
import { assignmentCreateSchema, assignmentQuerySchema } from "../../../shared/schemas";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import type { ConversationService } from "../domain/conversations";
import { actorOf, requireUser } from "./bearer";
import { route } from "./errors";
import { parse } from "./validate";

/** What the socket side does when an assignment starts or ends. */
export interface ConversationEvents {
  changed(conversationId: string, userIds: string[]): void;
}

const idParam = z.strictObject({ id: z.uuid() });

export function conversationRoutes(deps: {
  conversations: ConversationService;
  accounts: AccountService;
  tokens: TokenService;
  resources: CrisisResource[];
  events: ConversationEvents;
}): Router {
  const { conversations, events } = deps;
  const router = Router();
  const signedIn = requireUser(deps.tokens, deps.accounts);

  router.get("/resources", (_req, res) => {
    res.json({ resources: deps.resources });
  });

  router.post(
    "/assignments",
    signedIn,
    route(async (req, res) => {
      const input = parse(assignmentCreateSchema, req.body);
      const { assignment, conversation } = await conversations.assign(actorOf(req), input);
      events.changed(conversation.id, [assignment.memberId, assignment.peerId]);
      res.status(201).json({ assignment, conversationId: conversation.id });
    }),
  );

  router.post(
    "/assignments/:id/end",
    signedIn,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { assignment, conversation } = await conversations.endAssignment(actorOf(req), id);
      if (conversation) events.changed(conversation.id, [assignment.memberId, assignment.peerId]);
      res.json({ assignment });
    }),
  );

  router.get(
    "/assignments",
    signedIn,
    route(async (req, res) => {
      const { userId } = parse(assignmentQuerySchema, req.query);
      res.json({ assignments: await conversations.assignmentsOf(actorOf(req), userId) });
    }),
  );

  router.get(
    "/caseload",
    signedIn,
    route(async (req, res) => {
      const actor = actorOf(req);
      res.json({ caseload: await conversations.caseload(actor), availability: await conversations.availabilityOf(actor) });
    }),
  );

  return router;
}
