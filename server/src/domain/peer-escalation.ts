/**
 * Peer supporters and crisis flags. A peer may ask a moderator to look at their own conversation
 * with a member ("ask a moderator"): a flag of category `peer_escalation` that pages like any other.
 * And a member's assigned peers are told, without any detail, when a moderator has been alerted
 * about their member, so they are not left guessing; the notice lifts when the flags are resolved.
 */
import { randomUUID } from "node:crypto";
import { PEER_ESCALATION_CATEGORY, type FlagSummary, type PeerFlagNotice } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { frozen, openFlag, toSummary, type DeadlineSeconds } from "./escalation/flag-summary";
import type { FlagHit, Store } from "../storage/ports";

export interface PeerEscalationService {
  /** Raises the peer's flag on their conversation; the caller pages moderators with the summary. */
  escalate(actor: Actor, input: { conversationId: string; note?: string }): Promise<FlagSummary>;
  /**
   * Whom to tell about a change in the member's flags: each actively assigned peer, with their
   * conversation, and whether a moderator is (still) alerted about the member.
   */
  noticesFor(memberId: string): Promise<{ peerId: string; notice: PeerFlagNotice }[]>;
  /** Members with an open or claimed paging flag about them. */
  alertedMembers(): Promise<Set<string>>;
}

/** A peer's request is a person's judgement that someone should look soon: the middle tier. */
const PEER_ESCALATION_SEVERITY = "high" as const;

export function createPeerEscalationService(deps: { store: Store; clock: Clock; audit: AuditService; deadlineSeconds: DeadlineSeconds; contextMessages: number }): PeerEscalationService {
  const { store, clock, audit } = deps;

  async function alertedMembers(): Promise<Set<string>> {
    return new Set((await store.flags.listUnresolved()).map((f) => f.authorId));
  }

  return {
    alertedMembers,

    async escalate(actor, { conversationId, note }) {
      const c = await store.conversations.findById(conversationId);
      // As for every conversation event: to anyone outside it, it does not exist.
      if (!c || (c.memberId !== actor.userId && c.peerId !== actor.userId)) throw notFound("Conversation");
      if (c.peerId !== actor.userId || actor.role !== "peer") throw forbidden("Only the member's peer supporter can ask a moderator from here.");
      const assigned = (await store.assignments.activeFor(actor.userId)).some((a) => a.peerId === actor.userId && a.memberId === c.memberId);
      if (!assigned || c.readOnlySince) throw new DomainError("room_closed", "This conversation has ended; ask a moderator another way.");
      const place = { kind: "conversation" as const, id: c.id };
      const open = (await store.flags.listUnresolved()).find((f) => f.place.id === c.id && f.categories.includes(PEER_ESCALATION_CATEGORY));
      if (open) throw conflict("A moderator has already been asked about this conversation.");

      // The moderator sees what the peer saw: the latest messages, frozen as for any flag.
      const recent = await store.messages.history(c.id, { limit: deps.contextMessages });
      const last = recent[recent.length - 1];
      const now = clock.now();
      const context = [
        // The note goes first as seq 0, which no message has, so later hits never displace it. The
        // member never sees flags; moderators read it with the rest (flag:get).
        ...(note ? [{ id: randomUUID(), seq: 0, authorId: actor.userId, authorName: `Note from peer supporter ${actor.displayName}`, body: note, createdAt: now }] : []),
        ...recent.filter((m) => m.deletedAt === null && !m.held).map(frozen),
      ];
      const hit: FlagHit = {
        // A conversation with no messages yet still has a place: its own id stands in (stores require one).
        messageId: last?.id ?? c.id,
        messageSeq: last?.seq ?? 0,
        severity: PEER_ESCALATION_SEVERITY,
        categories: [PEER_ESCALATION_CATEGORY],
        terms: [],
        context,
        at: now,
        held: false,
      };
      const record = openFlag(randomUUID(), place, c.memberId, hit, { disposition: "alert", reasons: [], lane: "page" });
      const f = await store.flags.create(record);
      // The note is free text about a person: on the flag, not in the audit log.
      await audit.record(actor, "flag.peer_escalation", { targetUserId: c.memberId, details: { flagId: f.id, conversationId: c.id, withNote: note !== undefined } });
      const member = await store.users.findById(c.memberId);
      return toSummary(f, deps.deadlineSeconds, false, { author: member?.displayName ?? "(deleted account)" });
    },

    async noticesFor(memberId) {
      const active = (await alertedMembers()).has(memberId);
      const out: { peerId: string; notice: PeerFlagNotice }[] = [];
      for (const a of await store.assignments.activeFor(memberId)) {
        if (a.memberId !== memberId) continue;
        const c = await store.conversations.findByPair(a.memberId, a.peerId);
        if (c) out.push({ peerId: a.peerId, notice: { memberId, conversationId: c.id, active } });
      }
      return out;
    },
  };
}
