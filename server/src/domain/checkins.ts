/**
 * Check-ins: a private conversation between a flagged person and the moderation team, opened by a
 * moderator from a flag. It is an ordinary conversation (same store, same delivery, same scanning)
 * whose second participant is the team, not a person: its peerId is MODERATION_TEAM_ID. Every
 * moderator and admin may read and write it, so whoever is on shift can pick it up; the person
 * sees every staff message as from "the moderation team", never a moderator's own name.
 */
import { randomUUID } from "node:crypto";
import { MODERATION_TEAM_ID, type DirectMessage, type PresentUser } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { DomainError, forbidden, notFound } from "./errors";
import type { ConversationRecord, Store } from "../storage/ports";

export const MODERATION_TEAM_NAME = "Moderation team";
export const MODERATION_TEAM: PresentUser = { id: MODERATION_TEAM_ID, displayName: MODERATION_TEAM_NAME, role: "moderator" };

export const isCheckin = (c: ConversationRecord): boolean => c.peerId === MODERATION_TEAM_ID;

/**
 * Who the actor is in the conversation, and who the other side is, as ids that key read marks and
 * delivery: in a check-in every moderator acts as the team. Null when the actor has no place in it.
 */
export function sideOf(c: ConversationRecord, actor: Actor): { self: string; other: string } | null {
  if (isCheckin(c)) {
    if (c.memberId === actor.userId) return { self: c.memberId, other: MODERATION_TEAM_ID };
    return isStaff(actor) ? { self: MODERATION_TEAM_ID, other: c.memberId } : null;
  }
  if (c.memberId === actor.userId) return { self: c.memberId, other: c.peerId };
  if (c.peerId === actor.userId) return { self: c.peerId, other: c.memberId };
  return null;
}

/**
 * A message as `viewer` sees it: in a check-in, its member sees staff messages as the team's,
 * whoever wrote them. Anything else is unchanged.
 */
export function asSeenBy(viewer: string, m: DirectMessage, checkin: boolean): DirectMessage {
  if (!checkin || viewer === MODERATION_TEAM_ID || m.authorId === viewer) return m;
  return { ...m, authorId: MODERATION_TEAM_ID, authorName: MODERATION_TEAM_NAME };
}

export interface CheckinService {
  /** Opens (or reopens) the flag author's check-in; audited as flag.checkin. */
  open(actor: Actor, flagId: string): Promise<ConversationRecord>;
  /** Ends a check-in: both sides keep reading it, nobody writes. Audited as checkin.close. */
  close(actor: Actor, conversationId: string): Promise<ConversationRecord>;
}

export function createCheckinService(deps: { store: Store; clock: Clock; audit: AuditService }): CheckinService {
  const { store, clock, audit } = deps;
  const requireStaff = (actor: Actor) => {
    if (!isStaff(actor)) throw forbidden("Only moderators and admins open and close check-ins.");
  };

  return {
    async open(actor, flagId) {
      requireStaff(actor);
      const f = await store.flags.findById(flagId);
      if (!f) throw notFound("Flag");
      const author = await store.users.findById(f.authorId);
      if (!author) throw notFound("User");
      if (author.role === "moderator" || author.role === "admin") throw new DomainError("invalid_input", "A check-in is with a member or a peer supporter, not with staff.");
      // One thread per person, kept for good, so whoever picks it up sees everything said before.
      const c = await store.conversations.ensure({ id: randomUUID(), memberId: f.authorId, peerId: MODERATION_TEAM_ID, createdAt: clock.now(), readOnlySince: null });
      const open = c.readOnlySince ? ((await store.conversations.setReadOnly(c.id, null)) ?? c) : c;
      await audit.record(actor, "flag.checkin", { targetUserId: f.authorId, details: { flagId, conversationId: open.id } });
      return open;
    },

    async close(actor, conversationId) {
      requireStaff(actor);
      const c = await store.conversations.findById(conversationId);
      if (!c || !isCheckin(c)) throw notFound("Check-in");
      const closed = c.readOnlySince ? c : ((await store.conversations.setReadOnly(c.id, clock.now())) ?? c);
      await audit.record(actor, "checkin.close", { targetUserId: c.memberId, details: { conversationId } });
      return closed;
    },
  };
}
