/** A person's own data, gathered for `GET /api/me/export`. Knows nothing of HTTP. */
import type { AccountExport, ExportedConversation, ExportedMessage } from "../../../shared/account-export";
import type { Actor } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { notFound } from "./errors";
import type { ConversationRecord, MessageRecord, Store } from "../storage/ports";
import { MODERATION_TEAM_ID } from "../../../shared/dto";
import { MODERATION_TEAM_NAME } from "./checkins";

const PAGE = 500;
/** Far more than any one person's audit trail; the export says when it stopped short. */
const AUDIT_LIMIT = 50_000;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface AccountExportService {
  exportFor(actor: Actor): Promise<AccountExport>;
}

export function createAccountExportService(deps: { store: Store; clock: Clock; audit: AuditService }): AccountExportService {
  const { store, clock, audit } = deps;

  async function ownMessages(userId: string): Promise<MessageRecord[]> {
    const all: MessageRecord[] = [];
    for (let page = await store.personal.messagesBy(userId, { limit: PAGE }); page.length > 0; ) {
      all.push(...page);
      const last = page[page.length - 1]!;
      page = page.length < PAGE ? [] : await store.personal.messagesBy(userId, { after: { createdAt: last.createdAt, id: last.id }, limit: PAGE });
    }
    return all;
  }

  /** Whom the person blocked; an account erased since has taken its blocks with it. */
  async function blocksOf(userId: string): Promise<AccountExport["blocks"]> {
    const records = await store.blocks.listBy(userId);
    const users = await Promise.all(records.map((r) => store.users.findById(r.blockedId)));
    return records.map((r, i) => ({ userId: r.blockedId, displayName: users[i]?.displayName ?? "(deleted account)", blockedAt: r.createdAt.toISOString() }));
  }

  async function thread(c: ConversationRecord, userId: string): Promise<ExportedConversation> {
    const messages: ExportedConversation["messages"] = [];
    for (let after = 0; ; ) {
      const page = await store.messages.history(c.id, { after, limit: PAGE });
      // The other side's held messages were never shown to this person: not in their export either.
      for (const m of page) {
        const mine = m.authorId === userId;
        if (!mine && m.held) continue;
        messages.push({ id: m.id, seq: m.seq, from: mine ? "you" : "them", body: m.body, createdAt: m.createdAt.toISOString(), editedAt: iso(m.editedAt), deletedAt: iso(m.deletedAt) });
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    const otherId = c.memberId === userId ? c.peerId : c.memberId;
    const other = otherId === MODERATION_TEAM_ID ? null : await store.users.findById(otherId);
    return {
      id: c.id,
      as: c.memberId === userId ? "member" : "peer",
      // A check-in is with the moderation team, as the person saw it, not with one moderator.
      with: { id: otherId, displayName: otherId === MODERATION_TEAM_ID ? MODERATION_TEAM_NAME : (other?.displayName ?? "(deleted account)") },
      createdAt: c.createdAt.toISOString(),
      readOnly: c.readOnlySince !== null,
      messages,
    };
  }

  return {
    async exportFor(actor) {
      const userId = actor.userId;
      const user = await store.users.findById(userId);
      if (!user) throw notFound("User");
      const conversations = await store.conversations.listFor(userId);
      const conversationIds = new Set(conversations.map((c) => c.id));
      const own = await ownMessages(userId);
      const reactions = await store.personal.reactionsBy(userId);
      const roomNames = new Map<string, string | null>();
      for (const roomId of new Set([...own.map((m) => m.roomId), ...reactions.map((r) => r.roomId)])) {
        if (!conversationIds.has(roomId)) roomNames.set(roomId, (await store.rooms.findById(roomId))?.name ?? null);
      }
      const placeOf = (id: string): ExportedMessage["place"] => ({ kind: conversationIds.has(id) ? "conversation" : "room", id, name: roomNames.get(id) ?? null });
      const messages: ExportedMessage[] = own.map((m) => ({
        id: m.id,
        place: placeOf(m.roomId),
        seq: m.seq,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
        editedAt: iso(m.editedAt),
        deletedAt: iso(m.deletedAt),
      }));
      const registrations = await store.registrations.listForUser(userId);
      const sessions = new Map((await store.sessions.findByIds(registrations.map((r) => r.sessionId))).map((s) => [s.id, s]));
      const [attendance, sanctions, assignments, flags, trail, availability, roomReads] = await Promise.all([
        store.personal.attendanceOf(userId),
        store.personal.sanctionsOn(userId),
        store.personal.assignmentsOf(userId),
        store.personal.flagsAbout(userId),
        store.audit.query({ userId, limit: AUDIT_LIMIT }),
        store.availability.get([userId]),
        store.roomReads.marksOf(userId),
      ]);
      const result: AccountExport = {
        format: "haven-account-export",
        version: 1,
        exportedAt: clock.now().toISOString(),
        account: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, createdAt: user.createdAt.toISOString() },
        messages,
        conversations: await Promise.all(conversations.map((c) => thread(c, userId))),
        assignments: assignments.map((a) => ({
          id: a.id,
          as: a.memberId === userId ? "member" : "peer",
          withId: a.memberId === userId ? a.peerId : a.memberId,
          createdAt: a.createdAt.toISOString(),
          endedAt: iso(a.endedAt),
        })),
        registrations: registrations.map((r) => {
          const s = sessions.get(r.sessionId);
          return { sessionId: r.sessionId, title: s?.title ?? null, startsAt: iso(s?.startsAt), status: r.status, createdAt: r.createdAt.toISOString() };
        }),
        attendance: attendance.map((a) => ({ sessionId: a.sessionId, joinedAt: a.joinedAt.toISOString(), leftAt: iso(a.leftAt) })),
        sanctions: sanctions.map((s) => ({ kind: s.kind, roomId: s.roomId, reason: s.reason, createdAt: s.createdAt.toISOString(), expiresAt: iso(s.expiresAt), liftedAt: iso(s.liftedAt) })),
        flags: flags.map((f) => ({
          id: f.id,
          place: f.place,
          createdAt: f.createdAt.toISOString(),
          severity: f.severity,
          categories: f.categories,
          status: f.status,
          outcome: f.outcome,
          resolvedAt: iso(f.resolvedAt),
        })),
        audit: trail.map((e) => ({
          at: e.at.toISOString(),
          action: e.action,
          by: e.actorId === userId ? "you" : e.actorRole,
          roomId: e.roomId,
          sessionId: e.sessionId,
          messageId: e.messageId,
          reason: e.reason,
          details: e.details,
        })),
        availability: availability[0] ? { status: availability[0].status, message: availability[0].message } : null,
        reports: (await store.reports.by(userId)).map((r) => ({
          createdAt: r.createdAt.toISOString(),
          subject: r.subject.startsWith("person:") ? "person" : "message",
          messageId: r.subject.startsWith("message:") ? r.subject.slice("message:".length) : null,
          reportedUserId: r.targetUserId,
          reason: r.reason,
          note: r.note,
        })),
        blocks: await blocksOf(userId),
        roomReads,
        reactions: reactions.map((r) => ({ place: placeOf(r.roomId), messageId: r.messageId, emoji: r.emoji, createdAt: r.createdAt.toISOString() })),
      };
      // Recorded after it is built, so the export does not list its own entry.
      await audit.record(actor, "account.export", { targetUserId: userId, details: { messages: messages.length, conversations: conversations.length } });
      return result;
    },
  };
}
