/**
 * Crisis flags: every stored message is scanned, read together with the author's recent messages
 * in the same place. The writer's own current risk (and someone else's, under
 * CRISIS_CONCERN_OTHER=page) becomes a flag with a frozen snapshot of its context, or joins the
 * author's recent flag in the same place (a burst), and the caller is told whom to alert; any other
 * hit goes to the review list (flags-review.ts), which pages nobody. Moderators read the queue,
 * open a flag (audited when it comes from a private conversation), claim it and resolve it.
 */
import { randomUUID } from "node:crypto";
import { higherSeverity, SEVERITIES, type OncallDeliveryAttempt, type FlagSummary, type Message, type ReviewItem, type Severity, type SupportOffer } from "../../../../shared/dto";
import type { Actor } from "../actor";
import { isStaff } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { DomainError, forbidden, notFound } from "../errors";
import { toMessage } from "../mappers";
import type { FlagPlace, FlagRecord, MessageRecord, Store } from "../../storage/ports";
import { createFlagContext } from "./flag-context";
import { createCueMemory, DEFAULT_CUE_MEMORY } from "./cue-memory";
import type { Detection, Detector } from "./detector";
import type { FlagService, FlagSettings, StoredMessage } from "./flag-types";
import { dueAt, hitOf, laneFor, openFlag, roomOf, tierOfWords, toSummary } from "./flag-summary";
import { createReviewList } from "./flags-review";
import { claimAlertKey, claimDueAt, createFlagWorkflow } from "./flag-workflow";
import { createFlagHistory } from "./flag-history";

export type { FlagService, FlagSettings, Review, StoredMessage } from "./flag-types";

/** The higher of two tiers, raised one step (at most imminent). */
export function escalate(a: Severity, b: Severity): Severity {
  const top = SEVERITIES.indexOf(higherSeverity(a, b));
  return SEVERITIES[Math.min(SEVERITIES.length - 1, top + 1)]!;
}

export const SUPPORT_MESSAGE =
  "It sounds like things are really hard right now. You don't have to go through this alone: if you might act on thoughts of ending your life or harming yourself, please contact one of these now.";

export function createFlagService(deps: { store: Store; clock: Clock; audit: AuditService; detector: () => Detector; settings: FlagSettings }): FlagService {
  const { store, clock, audit, settings } = deps;
  const names = new Map<string, string>();

  async function nameOf(userId: string): Promise<string> {
    let name = names.get(userId);
    if (name === undefined) {
      name = (await store.users.findById(userId))?.displayName ?? "(deleted account)";
      if (names.size > 10_000) names.clear();
      names.set(userId, name);
    }
    return name;
  }

  /** The flag's messages still held: a read per held message, only for the rare flags that hold any. */
  async function stillHeld(f: FlagRecord): Promise<MessageRecord[]> {
    const found = await Promise.all(f.heldMessageIds.map((id) => store.messages.findById(f.place.id, id)));
    return found.filter((m): m is MessageRecord => m !== null && m.held);
  }

  const nameOrNull = async (userId: string | null) => (userId ? nameOf(userId) : null);
  const summaryWith = async (f: FlagRecord, held: boolean): Promise<FlagSummary> =>
    toSummary(f, settings.deadlineSeconds, held, {
      author: await nameOf(f.authorId),
      claimedBy: await nameOrNull(f.claimedBy),
      resolvedBy: await nameOrNull(f.resolvedBy),
      promotedBy: await nameOrNull(f.promotedBy),
    });
  const summary = async (f: FlagRecord): Promise<FlagSummary> => summaryWith(f, (await stillHeld(f)).length > 0);

  async function load(flagId: string): Promise<FlagRecord> {
    const f = await store.flags.findById(flagId);
    if (!f) throw notFound("Flag");
    return f;
  }

  const supportOffer = (): SupportOffer => ({ message: SUPPORT_MESSAGE, resources: settings.resources });

  const requireStaff = (actor: Actor) => {
    if (!isStaff(actor)) throw forbidden("Only moderators and admins handle flags.");
  };

  const context = createFlagContext({ store, clock, contextMessages: settings.contextMessages });
  const { snapshot, startFollowing } = context;

  const cues = createCueMemory(clock, settings.cueMemory ?? DEFAULT_CUE_MEMORY);
  /** The detection of a message read together with the author's recent ones in the place. */
  const detect = (place: FlagPlace, authorId: string, body: string, messageId?: string): Detection =>
    deps.detector().scan(body, cues.recent(place, authorId, messageId));

  const reviewList = createReviewList({
    store,
    clock,
    audit,
    retentionDays: settings.reviewRetentionDays ?? 30,
    nameOf,
    summary,
    requireStaff,
    topUpAfter: context.topUpAfter,
  });

  const workflow = createFlagWorkflow({ store, clock, audit, settings, summary, requireStaff });
  const history = createFlagHistory({ store, summary, requireStaff });

  /** A hit that pages nobody: stored on the review list with its frozen context, alone (never merged). */
  async function list(place: FlagPlace, message: StoredMessage, detection: Detection): Promise<ReviewItem> {
    const hit = hitOf(message, detection, tierOfWords(detection), await snapshot(place, message), clock.now());
    const f = await store.flags.create(openFlag(randomUUID(), place, message.authorId, hit, laneFor(detection)));
    startFollowing(place, f.id, message.seq);
    return reviewList.item(f);
  }

  return {
    scan: (body) => deps.detector().scan(body),

    supportOffer,

    unsavedSummary(place, message) {
      // Read as review() read it, before its own cues were recorded.
      const detection = detect(place, message.authorId, message.body, message.id);
      if (!detection.alert || !detection.severity) return null;
      const hit = hitOf(message, detection, detection.severity, [], clock.now());
      return toSummary(openFlag(`unsaved:${message.id}`, place, message.authorId, hit, laneFor(detection)), settings.deadlineSeconds, hit.held, { author: message.authorName });
    },

    // The writer's own imminent risk only: a message about someone else, or a listed one, is never held.
    holdsForReview(place, authorId, body) {
      if (!settings.holdImminent || place.kind !== "room") return false;
      const detection = detect(place, authorId, body);
      return detection.disposition === "alert" && detection.severity === "imminent";
    },

    follow: context.follow,
    backFill: context.backFill,
    eraseFromContext: (place, messageId, by) => store.flags.eraseFromContext(place, messageId, by, clock.now()),

    async releaseUnflagged(place, messageId) {
      const result = await store.messages.release(place.id, messageId, clock.now());
      return result?.released ? toMessage(result.message) : null;
    },

    async oncallDeliveries(actor, { flagId, limit }) {
      requireStaff(actor);
      const attempts = await store.oncallDeliveries.list({ flagId, limit: limit ?? 100 });
      return attempts.map((a) => ({
        deliveryId: a.deliveryId,
        event: a.event as OncallDeliveryAttempt["event"],
        flagId: a.flagId,
        attempt: a.attempt,
        status: a.status,
        error: a.error,
        at: a.at.toISOString(),
        outcome: a.outcome,
      }));
    },

    async release(actor, flagId) {
      requireStaff(actor);
      const f = await load(flagId);
      const released: Message[] = [];
      for (const m of await stillHeld(f)) {
        const result = await store.messages.release(f.place.id, m.id, clock.now());
        // An erased message stays out of sight: its placeholder already reads as deleted.
        if (result?.released && result.message.deletedAt === null) released.push(toMessage(result.message));
      }
      if (released.length === 0) throw new DomainError("conflict", "Nothing of this flag is held any more.", { flagId });
      await audit.record(actor, "flag.release", {
        targetUserId: f.authorId,
        roomId: f.place.id,
        messageId: released[0]!.id,
        details: { flagId, messages: released.map((m) => m.id) },
      });
      return { flag: await summary(f), messages: released };
    },

    async review(place, message) {
      const detection = detect(place, message.authorId, message.body);
      cues.record(place, message.authorId, detection.cues, message.id);
      if (!detection.flagged) return { detection, flag: null, created: false, listed: null, support: null };
      if (!detection.alert || detection.severity === null) return { detection, flag: null, created: false, listed: await list(place, message, detection), support: null };

      const now = clock.now();
      const since = new Date(now.getTime() - settings.burstMinutes * 60_000);
      const active = await store.flags.findActive(place, message.authorId, since);
      // Repeated hits in a short window are themselves a warning sign: one tier up.
      const severity = active ? escalate(active.severity, detection.severity) : detection.severity;
      const hit = hitOf(message, detection, severity, await snapshot(place, message), now);
      const merged = active ? await store.flags.recordHit(active.id, hit) : null;
      const flag = merged ?? (await store.flags.create(openFlag(randomUUID(), place, message.authorId, hit, laneFor(detection))));
      startFollowing(place, flag.id, message.seq);
      // Support speaks to the writer's own thoughts: not shown to someone asking about another person.
      const support = detection.disposition === "alert" ? supportOffer() : null;
      return { detection, flag: await summary(flag), created: merged === null, listed: null, support };
    },

    async overdue() {
      const now = clock.now().getTime();
      const due: FlagSummary[] = [];
      for (const f of await store.flags.listUnresolved()) {
        // A claim left unresolved past its deadline alerts again, once per claim: a new holder starts afresh.
        const claimed = f.status === "claimed";
        const at = claimed ? claimDueAt(f, settings.deadlineSeconds) : dueAt(f, settings.deadlineSeconds);
        if (at === null || now < at) continue;
        if (await store.flags.claimOverdueAlert(claimed ? claimAlertKey(f) : f.id, clock.now())) due.push(await summary(f));
      }
      return due;
    },

    async queue(actor) {
      requireStaff(actor);
      const flags = await store.flags.listUnresolved();
      // Most severe first, then the nearest deadline: places follow their most urgent flag, not their count.
      const due = (f: FlagRecord) => dueAt(f, settings.deadlineSeconds);
      flags.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || due(a) - due(b) || a.createdAt.getTime() - b.createdAt.getTime());
      const counts = new Map<string, { place: FlagPlace; open: number }>();
      for (const f of flags) {
        const key = `${f.place.kind}:${f.place.id}`;
        const c = counts.get(key) ?? { place: f.place, open: 0 };
        c.open++;
        counts.set(key, c);
      }
      return { flags: await Promise.all(flags.map(summary)), places: [...counts.values()] };
    },

    async get(actor, flagId) {
      requireStaff(actor);
      const f = await load(flagId);
      // A private conversation is opened to a moderator only through its flag, and every look is on record.
      if (f.place.kind === "conversation") {
        await audit.record(actor, "flag.view", { targetUserId: f.authorId, messageId: f.messageId, details: { flagId, conversationId: f.place.id, messages: f.context.length } });
      }
      const held = await stillHeld(f);
      return {
        ...(await summaryWith(f, held.length > 0)),
        notes: f.notes,
        messageSeq: f.messageSeq,
        heldMessageIds: held.map((m) => m.id),
        context: f.context.map(({ erasedAt, erasedBy, ...m }) => ({
          ...m,
          createdAt: m.createdAt.toISOString(),
          ...(erasedAt ? { erasedAt: erasedAt.toISOString(), erasedBy: erasedBy ?? "" } : {}),
        })),
      };
    },

    async claim(actor, flagId) {
      requireStaff(actor);
      const claimed = await store.flags.claim(flagId, actor.userId, clock.now());
      if (!claimed) {
        const f = await load(flagId);
        if (f.lane !== "page") throw onReviewList(f);
        throw new DomainError("conflict", f.status === "claimed" ? "Another moderator has already claimed this flag." : "This flag is already resolved.", { claimedBy: f.claimedBy, claimedByName: f.claimedBy ? await nameOf(f.claimedBy) : null, status: f.status });
      }
      await audit.record(actor, "flag.claim", { targetUserId: claimed.authorId, roomId: roomOf(claimed), details: { flagId } });
      return summary(claimed);
    },

    async resolve(actor, { flagId, outcome, notes }) {
      requireStaff(actor);
      const resolved = await store.flags.resolve(flagId, actor.userId, clock.now(), outcome, notes ?? null);
      if (!resolved) {
        const f = await load(flagId);
        if (f.lane !== "page") throw onReviewList(f);
        throw new DomainError("conflict", "This flag is already resolved.", { resolvedBy: f.resolvedBy });
      }
      await audit.record(actor, "flag.resolve", { targetUserId: resolved.authorId, roomId: roomOf(resolved), details: { flagId, outcome } });
      return summary(resolved);
    },

    unclaim: (actor, flagId) => workflow.unclaim(actor, flagId),
    reassign: (actor, input) => workflow.reassign(actor, input),
    history: (actor, q) => history.list(actor, q),
    reviewList: (actor, q) => reviewList.list(actor, q),
    promote: (actor, flagId) => reviewList.promote(actor, flagId),
    dismiss: (actor, flagId) => reviewList.dismiss(actor, flagId),
    purgeReview: () => reviewList.purge(),
  };
}

/** A review item is claimed and resolved only once promoted into the queue. */
const onReviewList = (f: FlagRecord) =>
  new DomainError("conflict", f.lane === "list" ? "This item is on the review list: promote it to handle it as a flag." : "This item was dismissed from the review list.", { lane: f.lane });
