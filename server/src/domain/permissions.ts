/** Who may moderate what. One place, so every event and route asks the same question. */
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { SessionRecord } from "../storage/ports";

/**
 * A session's facilitators and assigned moderators, as long as their role still allows it: someone
 * demoted to member keeps no powers from a session that still lists them.
 */
export function onSessionStaff(actor: Actor, session: SessionRecord): boolean {
  if (actor.role === "member") return false;
  return session.facilitatorIds.includes(actor.userId) || session.moderatorIds.includes(actor.userId);
}

/** Moderators and admins anywhere; a session's facilitators and assigned moderators within it. */
export function canModerate(actor: Actor, session: SessionRecord | null): boolean {
  if (isStaff(actor)) return true;
  return session !== null && onSessionStaff(actor, session);
}

/**
 * Whether a moderation action may target this user. Staff are answerable to admins only, and a
 * facilitator cannot sanction a fellow facilitator of the same session.
 */
export function canSanction(actor: Actor, target: { id: string; role: Actor["role"] }, session: SessionRecord | null): boolean {
  if (target.id === actor.userId) return false;
  if (target.role === "admin") return false;
  if (target.role === "moderator") return actor.role === "admin";
  if (!isStaff(actor) && session && (session.facilitatorIds.includes(target.id) || session.moderatorIds.includes(target.id))) return false;
  return true;
}
