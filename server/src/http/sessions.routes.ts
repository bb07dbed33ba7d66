/**
 * Scheduled sessions over REST: the schedule (staff), registration (everyone signed in), extension
 * and attendance (the session's facilitators and moderators). Live effects go through `events`.
 */
import { Router } from "express";
import { z } from "zod";
import type { Session, SessionDetail } from "../../../shared/dto";
import { sessionCreateSchema, sessionExtendSchema, sessionListQuerySchema, sessionUpdateSchema } from "../../../shared/schemas";
import type { TokenService } from "../auth/tokens";
import type { AccountService } from "../domain/accounts";
import type { SessionService } from "../domain/sessions";
import { actorOf, requireUser } from "./bearer";
import { route } from "./errors";
import { parse } from "./validate";

/** What the socket side does when the schedule changes. */
export interface SessionEvents {
  updated(session: SessionDetail): void;
  cancelled(session: SessionDetail, userIds: string[]): void;
  /** Users who just got a place from the waitlist. */
  promoted(session: Session, userIds: string[]): void;
  /** Who may read the session's room may have changed (invitations, staff, a registration withdrawn). */
  accessChanged(roomId: string): Promise<void>;
}

const idParam = z.strictObject({ id: z.uuid() });

export function sessionRoutes(deps: { sessions: SessionService; accounts: AccountService; tokens: TokenService; events: SessionEvents }): Router {
  const { sessions, events } = deps;
  const router = Router();
  router.use(requireUser(deps.tokens, deps.accounts));
  const id = (params: unknown) => parse(idParam, params).id;

  router.get(
    "/",
    route(async (req, res) => {
      const range = parse(sessionListQuerySchema, req.query);
      res.json({ sessions: await sessions.list(actorOf(req), range) });
    }),
  );

  router.post(
    "/",
    route(async (req, res) => {
      const input = parse(sessionCreateSchema, req.body);
      res.status(201).json({ sessions: await sessions.create(actorOf(req), input) });
    }),
  );

  router.get(
    "/:id",
    route(async (req, res) => {
      res.json({ session: await sessions.get(actorOf(req), id(req.params)) });
    }),
  );

  router.patch(
    "/:id",
    route(async (req, res) => {
      const patch = parse(sessionUpdateSchema, req.body);
      const { session, promoted } = await sessions.update(actorOf(req), id(req.params), patch);
      events.updated(session);
      events.promoted(session, promoted);
      // Before answering: once the change is reported done, nothing more reaches whoever lost access.
      await events.accessChanged(session.roomId);
      res.json({ session });
    }),
  );

  router.post(
    "/:id/cancel",
    route(async (req, res) => {
      const { session, notify } = await sessions.cancel(actorOf(req), id(req.params));
      events.cancelled(session, notify);
      res.json({ session });
    }),
  );

  router.post(
    "/:id/extend",
    route(async (req, res) => {
      const { minutes } = parse(sessionExtendSchema, req.body);
      const session = await sessions.extend(actorOf(req), id(req.params), minutes);
      events.updated(session);
      res.json({ session });
    }),
  );

  router.put(
    "/:id/registration",
    route(async (req, res) => {
      res.json({ session: await sessions.register(actorOf(req), id(req.params)) });
    }),
  );

  router.delete(
    "/:id/registration",
    route(async (req, res) => {
      const { session, promoted } = await sessions.unregister(actorOf(req), id(req.params));
      events.promoted(session, promoted);
      await events.accessChanged(session.roomId);
      res.json({ session });
    }),
  );

  router.get(
    "/:id/attendance",
    route(async (req, res) => {
      res.json({ attendance: await sessions.attendance(actorOf(req), id(req.params)) });
    }),
  );

  return router;
}
