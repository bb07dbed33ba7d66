/**
 * Erasing an account, by its owner (with their password) or by an admin: their sessions and peer
 * assignments end first through the usual paths, so waitlists move up and conversations close as
 * they would for any departure; then the store erases everything that is theirs in one sweep.
 */
import { randomUUID } from "node:crypto";
import type { Actor } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { DomainError, forbidden, notFound } from "./errors";
import type { SessionRecord, Store, UserRecord } from "../storage/ports";
import type { ErasureMode, ErasureResult } from "../storage/personal-data-ports";

/** What stays of the person on kept records. */
export const FORMER_MEMBER = "Former member";

export interface ErasureOutcome extends ErasureResult {
  userId: string;
  pseudonym: string;
  /** Conversations made read-only, with the person on the other side. */
  closedConversations: { conversationId: string; otherId: string }[];
  /** Waitlisted people who got the place the person held. */
  promoted: { session: SessionRecord; userIds: string[] }[];
}

export interface AccountErasureService {
  /** The person's own erasure; `passwordMatches` is checked by the caller's sign-in path. */
  eraseOwn(actor: Actor, passwordMatches: (user: UserRecord) => Promise<boolean>): Promise<ErasureOutcome>;
  eraseByAdmin(actor: Actor, userId: string): Promise<ErasureOutcome>;
}

export function createAccountErasureService(deps: { store: Store; clock: Clock; audit: AuditService; messages: ErasureMode }): AccountErasureService {
  const { store, clock, audit } = deps;

  async function leave(user: UserRecord, at: Date): Promise<Pick<ErasureOutcome, "closedConversations" | "promoted">> {
    const closedConversations: ErasureOutcome["closedConversations"] = [];
    for (const a of await store.assignments.activeFor(user.id)) {
      await store.assignments.end(a.id, at);
      const c = await store.conversations.findByPair(a.memberId, a.peerId);
      if (c) closedConversations.push({ conversationId: c.id, otherId: a.memberId === user.id ? a.peerId : a.memberId });
    }
    const promoted: ErasureOutcome["promoted"] = [];
    for (const r of await store.registrations.listForUser(user.id)) {
      const session = await store.sessions.findById(r.sessionId);
      if (!session) continue;
      const freed = await store.registrations.unregister(session.id, user.id, session.capacity);
      if (freed.promoted.length > 0) promoted.push({ session, userIds: freed.promoted.map((p) => p.userId) });
    }
    return { closedConversations, promoted };
  }

  async function erase(user: UserRecord, by: (pseudonym: string) => Actor): Promise<ErasureOutcome> {
    const at = clock.now();
    const pseudonym = randomUUID();
    const actor = by(pseudonym);
    const left = await leave(user, at);
    const result = await store.personal.eraseAccount({ userId: user.id, pseudonym, pseudonymName: FORMER_MEMBER, messages: deps.messages, by: actor.userId, at });
    // The trail keeps that an account was erased, under the pseudonym: never the username or the old id.
    await audit.record(actor, "account.erase", {
      targetUserId: pseudonym,
      details: { role: user.role, messages: deps.messages, erased: result.erased.length, pseudonymised: result.pseudonymised },
    });
    return { ...result, ...left, userId: user.id, pseudonym };
  }

  async function load(userId: string): Promise<UserRecord> {
    const user = await store.users.findById(userId);
    if (!user) throw notFound("User");
    return user;
  }

  return {
    async eraseOwn(actor, passwordMatches) {
      const user = await load(actor.userId);
      // The same rule as for roles: a deployment must never be left with nobody who can run it.
      if (user.role === "admin") throw forbidden("An admin's account is erased by another admin.");
      if (!(await passwordMatches(user))) throw forbidden("That password is not right.");
      return erase(user, (pseudonym) => ({ userId: pseudonym, role: user.role, displayName: FORMER_MEMBER }));
    },

    async eraseByAdmin(actor, userId) {
      if (actor.role !== "admin") throw forbidden("Only admins can erase accounts.");
      if (userId === actor.userId) throw new DomainError("conflict", "Admins cannot erase their own account; ask another admin.");
      return erase(await load(userId), () => actor);
    },
  };
}
