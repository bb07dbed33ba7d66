/**
 * Private conversations between a member and their assigned peer supporters. Only the two
 * participants ever read or write one; moderators included, nobody else (a flagged message's
 * bounded context is the escalation module's business, and audited there).
 */
import { randomUUID } from "node:crypto";
import type { Assignment, CaseloadEntry, ConversationSummary, CrisisResource, DirectMessage, PeerAvailability } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import { appendMessage } from "./append-message";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { toMessage, toPresentUser } from "./mappers";
import type { AssignmentRecord, AvailabilityRecord, ConversationRecord, MessageRecord, Store } from "../storage/ports";
import { asSeenBy, isCheckin, MODERATION_TEAM, sideOf } from "./checkins";
import { MODERATION_TEAM_ID } from "../../../shared/dto";
import { StoreConflictError } from "../storage/ports";

export interface ConversationService {
  assign(actor: Actor, input: { memberId: string; peerId: string }): Promise<{ assignment: Assignment; conversation: ConversationRecord }>;
  endAssignment(actor: Actor, assignmentId: string): Promise<{ assignment: Assignment; conversation: ConversationRecord | null }>;
  assignmentsOf(actor: Actor, userId: string): Promise<Assignment[]>;
  list(actor: Actor): Promise<ConversationSummary[]>;
  /** The summary as `userId` sees it (for live updates to each participant). */
  summaryFor(conversationId: string, userId: string): Promise<ConversationSummary>;
  /** The two people of a conversation, or null when the id is not a conversation's (a room's). */
  participantsOf(conversationId: string): Promise<string[] | null>;
  send(actor: Actor, input: { conversationId: string; clientMsgId: string; body: string }): Promise<{ message: DirectMessage; created: boolean; recipientId: string; selfId: string }>;
  history(actor: Actor, input: { conversationId: string; before?: number; after?: number; limit: number }): Promise<DirectMessage[]>;
  /** The author deletes their own private message; deleted means gone, from flags too. */
  deleteOwn(actor: Actor, input: { conversationId: string; messageId: string }): Promise<{ message: DirectMessage; otherId: string; selfId: string }>;
  markRead(actor: Actor, input: { conversationId: string; seq: number }): Promise<{ seq: number; otherId: string; selfId: string; unread: number }>;
  /**
   * Throws unless the actor takes part; returns the other participant's id and the actor's own, as
   * they key read marks and delivery (MODERATION_TEAM_ID for the team's side of a check-in).
   */
  requireParticipant(actor: Actor, conversationId: string): Promise<{ conversation: ConversationRecord; otherId: string; selfId: string }>;
  /** Pass the last seq when the caller knows it (it just stored a message) to save a read. */
  unread(conversationId: string, userId: string, lastSeq?: number): Promise<number>;
  caseload(actor: Actor): Promise<CaseloadEntry[]>;
  /** A peer's own availability, as their members see it. */
  availabilityOf(actor: Actor): Promise<PeerAvailability>;
  /** Returns whom to tell: the peer's members and their conversation with the peer. */
  setAvailability(
    actor: Actor,
    input: { status: "available" | "away"; message?: string },
  ): Promise<{ availability: PeerAvailability; members: { memberId: string; conversationId: string }[] }>;
}

const toAssignment = (a: AssignmentRecord): Assignment => ({
  id: a.id,
  memberId: a.memberId,
  peerId: a.peerId,
  createdAt: a.createdAt.toISOString(),
  endedAt: a.endedAt ? a.endedAt.toISOString() : null,
});

/** A room message's DTO with the conversation in place of the room (and no deletion: DMs are not moderated). */
export const toDirectMessage = (m: MessageRecord): DirectMessage => {
  const { roomId, deletedAt: _deleted, ...rest } = toMessage(m);
  return { ...rest, conversationId: roomId };
};

const toAvailability = (peerId: string, a: AvailabilityRecord | undefined): PeerAvailability => ({
  peerId,
  status: a?.status ?? "available",
  message: a?.message ?? null,
  updatedAt: a ? a.updatedAt.toISOString() : null,
});

export function createConversationService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  resources: CrisisResource[];
  /** Runs after a message is erased: crisis flags that froze it erase it too. */
  afterErase?: (conversationId: string, messageId: string, by: string) => Promise<unknown>;
}): ConversationService {
  const { store, clock, audit, resources } = deps;

  async function user(id: string, role: "member" | "peer") {
    const u = await store.users.findById(id);
    if (!u) throw notFound("User");
    if (u.role !== role) throw new DomainError("invalid_input", `That user is not a ${role === "peer" ? "peer supporter" : "member"}.`, { userId: id });
    return u;
  }

  async function requireParticipant(actor: Actor, conversationId: string) {
    const conversation = await store.conversations.findById(conversationId);
    const side = conversation && sideOf(conversation, actor);
    // One answer for "no such conversation" and "not yours": existence is private too.
    if (!conversation || !side) throw notFound("Conversation");
    // In a check-in a moderator acts as the team: `selfId` and `otherId` may be MODERATION_TEAM_ID.
    return { conversation, otherId: side.other, selfId: side.self };
  }

  async function unread(conversationId: string, userId: string, lastSeq?: number): Promise<number> {
    const [last, marks] = await Promise.all([lastSeq ?? store.messages.lastSeq(conversationId), store.conversations.readMarks(conversationId)]);
    // Sending marks one's own message read, so everything above the mark is from the other side.
    return Math.max(0, last - (marks[userId] ?? 0));
  }

  async function lastActivity(conversationId: string): Promise<string | null> {
    const [newest] = await store.messages.history(conversationId, { limit: 1 });
    return newest ? newest.createdAt.toISOString() : null;
  }

  async function summaryFor(c: ConversationRecord, userId: string): Promise<ConversationSummary> {
    const otherId = c.memberId === userId ? c.peerId : c.memberId;
    const other = otherId === MODERATION_TEAM_ID ? null : await store.users.findById(otherId);
    const [lastSeq, marks, lastActivityAt] = await Promise.all([store.messages.lastSeq(c.id), store.conversations.readMarks(c.id), lastActivity(c.id)]);
    const isMember = c.memberId === userId;
    const checkin = isCheckin(c);
    const availability = isMember && !checkin ? toAvailability(c.peerId, (await store.availability.get([c.peerId]))[0]) : null;
    return {
      id: c.id,
      kind: checkin ? "checkin" : "peer",
      other: checkin && isMember ? MODERATION_TEAM : other ? toPresentUser(other) : { id: otherId, displayName: "(deleted account)", role: isMember ? "peer" : "member" },
      readOnly: c.readOnlySince !== null,
      lastSeq,
      unread: Math.max(0, lastSeq - (marks[userId] ?? 0)),
      myLastRead: marks[userId] ?? 0,
      otherLastRead: marks[otherId] ?? 0,
      lastActivityAt,
      peerAvailability: availability,
      resources: availability?.status === "away" ? resources : null,
    };
  }

  return {
    async assign(actor, { memberId, peerId }) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can assign peer supporters.");
      await user(memberId, "member");
      await user(peerId, "peer");
      const now = clock.now();
      let assignment: AssignmentRecord;
      try {
        assignment = await store.assignments.create({ id: randomUUID(), memberId, peerId, createdBy: actor.userId, createdAt: now, endedAt: null });
      } catch (e) {
        if (e instanceof StoreConflictError) throw conflict("That peer supporter is already assigned to this member.");
        throw e;
      }
      // The pair keeps one conversation for good: a renewed assignment reopens the old history.
      const conversation = await store.conversations.ensure({ id: randomUUID(), memberId, peerId, createdAt: now, readOnlySince: null });
      const writable = conversation.readOnlySince ? ((await store.conversations.setReadOnly(conversation.id, null)) ?? conversation) : conversation;
      await audit.record(actor, "assignment.create", { targetUserId: memberId, details: { peerId, assignmentId: assignment.id } });
      return { assignment: toAssignment(assignment), conversation: writable };
    },

    async endAssignment(actor, assignmentId) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can end assignments.");
      const ended = await store.assignments.end(assignmentId, clock.now());
      if (!ended) throw notFound("Assignment");
      const conversation = await store.conversations.findByPair(ended.memberId, ended.peerId);
      const readOnly = conversation ? await store.conversations.setReadOnly(conversation.id, ended.endedAt) : null;
      await audit.record(actor, "assignment.end", { targetUserId: ended.memberId, details: { peerId: ended.peerId, assignmentId } });
      return { assignment: toAssignment(ended), conversation: readOnly };
    },

    async assignmentsOf(actor, userId) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can see assignments.");
      return (await store.assignments.activeFor(userId)).map(toAssignment);
    },

    async list(actor) {
      const conversations = await store.conversations.listFor(actor.userId);
      const own = await Promise.all(conversations.map((c) => summaryFor(c, actor.userId)));
      // Staff also see every check-in, as the team, so any of them can pick one up.
      if (!isStaff(actor)) return own;
      return [...own, ...(await Promise.all((await store.conversations.listFor(MODERATION_TEAM_ID)).map((c) => summaryFor(c, MODERATION_TEAM_ID))))];
    },

    async participantsOf(conversationId) {
      const c = await store.conversations.findById(conversationId);
      return c && [c.memberId, c.peerId];
    },

    async summaryFor(conversationId, userId) {
      const c = await store.conversations.findById(conversationId);
      if (!c) throw notFound("Conversation");
      return summaryFor(c, userId);
    },

    async send(actor, input) {
      const { conversation, otherId, selfId } = await requireParticipant(actor, input.conversationId);
      if (conversation.readOnlySince) throw new DomainError("room_closed", "This conversation has ended; you can still read it.");
      const { message, created } = await appendMessage(deps, actor, conversation.id, input);
      await store.conversations.markRead(conversation.id, selfId, message.seq);
      return { message: toDirectMessage(message), created, recipientId: otherId, selfId };
    },

    async deleteOwn(actor, { conversationId, messageId }) {
      const { conversation, otherId, selfId } = await requireParticipant(actor, conversationId);
      const m = await store.messages.findById(conversation.id, messageId);
      if (!m) throw notFound("Message");
      if (m.authorId !== actor.userId) throw forbidden("You can only delete your own messages.");
      const erased = await store.messages.erase(conversation.id, messageId, clock.now());
      if (!erased) throw notFound("Message");
      await deps.afterErase?.(conversation.id, messageId, actor.userId);
      return { message: toDirectMessage(erased), otherId, selfId };
    },

    async history(actor, input) {
      const { selfId, conversation } = await requireParticipant(actor, input.conversationId);
      const records = await store.messages.history(input.conversationId, { before: input.before, after: input.after, limit: input.limit });
      return records.map((m) => asSeenBy(selfId, toDirectMessage(m), isCheckin(conversation)));
    },

    async markRead(actor, { conversationId, seq }) {
      const { otherId, selfId } = await requireParticipant(actor, conversationId);
      // A mark past the last message would hide messages not yet written.
      const capped = Math.min(seq, await store.messages.lastSeq(conversationId));
      const stored = await store.conversations.markRead(conversationId, selfId, capped);
      return { seq: stored, otherId, selfId, unread: await unread(conversationId, selfId) };
    },

    requireParticipant,
    unread,

    async caseload(actor) {
      if (actor.role !== "peer") throw forbidden("The caseload is for peer supporters.");
      const assignments = (await store.assignments.activeFor(actor.userId)).filter((a) => a.peerId === actor.userId);
      const entries: CaseloadEntry[] = [];
      // Whom a moderator is alerted about, and nothing more: the flags themselves stay with moderators.
      const alerted = assignments.length > 0 ? new Set((await store.flags.listUnresolved()).map((f) => f.authorId)) : new Set<string>();
      for (const a of assignments) {
        const c = await store.conversations.findByPair(a.memberId, a.peerId);
        const member = await store.users.findById(a.memberId);
        if (!c || !member) continue;
        entries.push({
          member: toPresentUser(member),
          conversationId: c.id,
          assignedAt: a.createdAt.toISOString(),
          lastActivityAt: await lastActivity(c.id),
          unread: await unread(c.id, actor.userId),
          moderatorAlerted: alerted.has(a.memberId),
        });
      }
      return entries;
    },

    async availabilityOf(actor) {
      if (actor.role !== "peer") throw forbidden("Availability is for peer supporters.");
      return toAvailability(actor.userId, (await store.availability.get([actor.userId]))[0]);
    },

    async setAvailability(actor, { status, message }) {
      if (actor.role !== "peer") throw forbidden("Only peer supporters set their availability.");
      const record = { userId: actor.userId, status, message: message ?? null, updatedAt: clock.now() };
      await store.availability.set(record);
      const members: { memberId: string; conversationId: string }[] = [];
      for (const a of await store.assignments.activeFor(actor.userId)) {
        if (a.peerId !== actor.userId) continue;
        const c = await store.conversations.findByPair(a.memberId, a.peerId);
        if (c) members.push({ memberId: a.memberId, conversationId: c.id });
      }
      return { availability: toAvailability(actor.userId, record), members };
    },
  };
}
