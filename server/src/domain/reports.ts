/**
 * Members' reports of a message or a person. A report becomes an item of the moderators' review
 * list (category member_report), so it is triaged, promoted or dismissed like any other item. Who
 * reported is kept from everyone but admins: moderators see "a member", the person reported sees
 * nothing, and the reporter learns only that the report arrived.
 */
import { randomUUID } from "node:crypto";
import { MEMBER_REPORT_CATEGORY, type ReportReason, type ReportReceipt, type ReviewItem } from "../../../shared/dto";
import type { AccessService } from "./access";
import type { Actor } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { sideOf } from "./checkins";
import { DomainError, notFound } from "./errors";
import type { FlagPlace, FlagRecord, Store } from "../storage/ports";
import { openFlag } from "./escalation/flag-summary";
import type { FlagContext } from "./escalation/flag-context";
import { serialByKey } from "../lib/serial-by-key";

/** Per reporter, over a sliding hour: enough for a bad evening, too few to flood the moderators. */
export const REPORTS_PER_HOUR = 10;
export const REPORT_RECEIPT = "Thanks — a moderator will look at this.";

type Where = { roomId: string } | { conversationId: string };
export type ReportMessageRequest = Where & { messageId: string; reason: ReportReason; note?: string };
export type ReportPersonRequest = Where & { userId: string; reason: ReportReason; note?: string };

export interface ReportOutcome {
  receipt: ReportReceipt;
  /** A new review item, to be sent live to every moderator; null when the report joined one or repeated itself. */
  listed: ReviewItem | null;
}

export interface ReportService {
  reportMessage(actor: Actor, input: ReportMessageRequest): Promise<ReportOutcome>;
  reportPerson(actor: Actor, input: ReportPersonRequest): Promise<ReportOutcome>;
}

interface Subject {
  kind: "message" | "person";
  key: string;
  place: FlagPlace;
  targetUserId: string;
  messageId: string;
  messageSeq: number;
  context: FlagRecord["context"];
}

export function createReportService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  access: AccessService;
  context: Pick<FlagContext, "snapshot">;
  item(f: FlagRecord): Promise<ReviewItem>;
  perHour?: number;
}): ReportService {
  const { store, clock, audit, access } = deps;
  const perHour = deps.perHour ?? REPORTS_PER_HOUR;
  // One report of a subject at a time on this node, so two reporters at once make one item.
  const serial = serialByKey();
  // And one report by a reporter at a time, so reports sent at once cannot all pass the hourly
  // limit before any is stored. Always taken before the subject's, so the two never wait on each other.
  const byReporter = serialByKey();
  const receipt: ReportReceipt = { received: true, message: REPORT_RECEIPT };

  /** The place, checked as the actor reads it now: a room they may read, or a conversation of theirs. */
  async function placeOf(actor: Actor, where: Where): Promise<FlagPlace> {
    if ("roomId" in where) {
      await access.requireRead(actor, where.roomId);
      return { kind: "room", id: where.roomId };
    }
    const conversation = await store.conversations.findById(where.conversationId);
    // One answer for "no such conversation" and "not yours", as everywhere for conversations.
    if (!conversation || !sideOf(conversation, actor)) throw notFound("Conversation");
    return { kind: "conversation", id: where.conversationId };
  }

  async function refuseOverLimit(actor: Actor): Promise<void> {
    const hour = 3_600_000;
    const now = clock.now().getTime();
    const made = await store.reports.madeSince(actor.userId, new Date(now - hour));
    if (made.length < perHour) return;
    const oldest = made[made.length - perHour]!.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + hour - now) / 1000));
    throw new DomainError("rate_limited", `You can send ${perHour} reports an hour. Please try again later.`, { retryAfterSeconds });
  }

  async function file(actor: Actor, subject: Subject, reason: ReportReason, note: string | undefined): Promise<ReportOutcome> {
    if (subject.targetUserId === actor.userId) throw new DomainError("invalid_input", "You cannot report yourself.");
    return byReporter(actor.userId, () => serial(subject.key, async () => {
      const now = clock.now();
      const existing = await store.reports.latestFor(subject.key);
      const open = existing ? await store.flags.findById(existing.flagId) : null;
      const mine = existing && (await store.reports.by(actor.userId)).some((r) => r.subject === subject.key);
      // A repeat by the same person changes nothing, limit or not.
      if (mine) return { receipt, listed: null };
      await refuseOverLimit(actor);
      // Joins the item while it is still on the list; once dismissed or promoted, a new report starts a new one.
      let flag = open && open.lane === "list" ? open : null;
      if (!flag) {
        const record = openFlag(
          randomUUID(),
          subject.place,
          subject.targetUserId,
          { messageId: subject.messageId, messageSeq: subject.messageSeq, severity: "elevated", categories: [MEMBER_REPORT_CATEGORY], terms: [], context: subject.context, at: now, held: false, entryIds: [] },
          { disposition: "review", reasons: [], lane: "list" },
        );
        flag = await store.flags.create(record);
      }
      const { created } = await store.reports.create({
        id: randomUUID(),
        flagId: flag.id,
        reporterId: actor.userId,
        subject: subject.key,
        targetUserId: subject.targetUserId,
        reason,
        note: note && note.length > 0 ? note : null,
        createdAt: now,
      });
      if (!created) return { receipt, listed: null };
      // The only record naming the reporter that anyone can read: admins, through the audit log.
      // No targetUserId: the person reported would otherwise find the entry in their own export.
      await audit.record(actor, "report.create", {
        roomId: subject.place.kind === "room" ? subject.place.id : null,
        details: { flagId: flag.id, subject: subject.kind, reason, reportedUserId: subject.targetUserId, messageId: subject.kind === "message" ? subject.messageId : null },
      });
      return { receipt, listed: flag === open ? null : await deps.item(flag) };
    }));
  }

  return {
    async reportMessage(actor, input) {
      const place = await placeOf(actor, input);
      const m = await store.messages.findById(place.id, input.messageId);
      // A message the reporter cannot see is one they cannot report: deleted, or someone else's held one.
      if (!m || m.deletedAt !== null || (m.held && m.authorId !== actor.userId)) throw notFound("Message");
      const context = await deps.context.snapshot(place, { id: m.id, seq: m.seq, authorId: m.authorId, authorName: m.authorName, body: m.body, createdAt: m.createdAt });
      const subject: Subject = { kind: "message", key: `message:${m.id}`, place, targetUserId: m.authorId, messageId: m.id, messageSeq: m.seq, context };
      return file(actor, subject, input.reason, input.note);
    },

    async reportPerson(actor, input) {
      const place = await placeOf(actor, input);
      if (input.userId === actor.userId) throw new DomainError("invalid_input", "You cannot report yourself.");
      const shares =
        place.kind === "room"
          ? await store.rooms.isMember(place.id, input.userId)
          : await store.conversations.findById(place.id).then((c) => c !== null && (c.memberId === input.userId || c.peerId === input.userId));
      // The same answer for "no such person" and "not here": reporting is not a way to find people.
      if (!shares || !(await store.users.findById(input.userId))) throw notFound("User");
      // A person report has no message: the flag record's message id names the person instead (it must not be empty).
      const subject: Subject = { kind: "person", key: `person:${input.userId}:${place.kind}:${place.id}`, place, targetUserId: input.userId, messageId: `person:${input.userId}`, messageSeq: 0, context: [] };
      return file(actor, subject, input.reason, input.note);
    },
  };
}
