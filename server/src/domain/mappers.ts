/** Records to the DTOs clients see. The only place that decides what leaves the server. */
import type { AuditEntry, Message, PresentUser, Room, Session, SessionDetail, User } from "../../../shared/dto";
import type { AuditRecord, MessageRecord, RegistrationRecord, RoomRecord, SessionRecord, UserRecord } from "../storage/ports";
import { joinOpensAt, sessionState } from "./schedule";

export const toUser = (u: UserRecord): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

/** What other participants see of a user: never the username. */
export const toPresentUser = (u: UserRecord): PresentUser => ({ id: u.id, displayName: u.displayName, role: u.role });

export const toRoom = (r: RoomRecord): Room => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  sessionId: r.sessionId,
  locked: r.locked,
  slowModeSeconds: r.slowModeSeconds,
  pinned: r.pinned ? { body: r.pinned.body, byId: r.pinned.byId, at: r.pinned.at.toISOString() } : null,
});

export const toMessage = (m: MessageRecord): Message => ({
  id: m.id,
  roomId: m.roomId,
  seq: m.seq,
  authorId: m.authorId,
  authorName: m.authorName,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
  clientMsgId: m.clientMsgId,
  deletedAt: m.deletedAt ? m.deletedAt.toISOString() : null,
  ...(m.editedAt ? { editedAt: m.editedAt.toISOString() } : {}),
});

/** A session as one viewer sees it: its derived state, the counts, and the viewer's own place. */
export function toSession(s: SessionRecord, now: Date, registrations: RegistrationRecord[], viewerId: string): Session {
  return {
    id: s.id,
    seriesId: s.seriesId,
    roomId: s.roomId,
    title: s.title,
    topic: s.topic,
    description: s.description,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    joinOpensAt: joinOpensAt(s).toISOString(),
    joinWindowMinutes: s.joinWindowMinutes,
    capacity: s.capacity,
    facilitatorIds: s.facilitatorIds,
    moderatorIds: s.moderatorIds,
    audience: s.audience,
    state: sessionState(s, now),
    registeredCount: registrations.filter((r) => r.status === "registered").length,
    waitlistCount: registrations.filter((r) => r.status === "waitlisted").length,
    myRegistration: registrations.find((r) => r.userId === viewerId)?.status ?? null,
  };
}

export const toSessionDetail = (s: SessionRecord, now: Date, registrations: RegistrationRecord[], viewerId: string): SessionDetail => ({
  ...toSession(s, now, registrations, viewerId),
  inviteeIds: s.inviteeIds,
});

export const toAuditEntry = (a: AuditRecord): AuditEntry => ({
  id: a.id,
  at: a.at.toISOString(),
  actorId: a.actorId,
  actorRole: a.actorRole,
  action: a.action,
  targetUserId: a.targetUserId,
  roomId: a.roomId,
  sessionId: a.sessionId,
  messageId: a.messageId,
  reason: a.reason,
  details: a.details,
});
