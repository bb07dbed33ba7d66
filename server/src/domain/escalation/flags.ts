/**
 * Crisis flags: every stored message is scanned; a hit becomes a flag with a frozen snapshot of
 * its context, or joins the author's recent flag in the same place (a burst), and the caller is told
 * whom to alert. Moderators read the queue, open a flag (audited when it comes from a private
 * conversation), claim it and resolve it.
 */
import { randomUUID } from "node:crypto";
import { higherSeverity, SEVERITIES, type OncallDeliveryAttempt, type CrisisResource, type FlagDetail, type FlagOutcome, type FlagQueue, type FlagSummary, type Message, type Severity, type SupportOffer } from "../../../../shared/dto";
import type { Actor } from "../actor";
import { isStaff } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { DomainError, forbidden, notFound } from "../errors";
import { toMessage } from "../mappers";
import type { ContextMessage, FlagHit, FlagPlace, FlagRecord, MessageRecord, Store } from "../../storage/ports";
import type { Detection, Detector } from "./detector";

export interface FlagSettings {
  /** Messages before and after the flagged one kept in the snapshot (a bounded window, also for DMs). */
  contextMessages: number;
  /** Store imminent-tier messages in group rooms held for moderator review (CRISIS_HOLD_IMMINENT). */
  holdImminent?: boolean;
  /** Further hits by the same author in the same place within this join the same flag. */
  burstMinutes: number;
  /** Unclaimed longer than this, by tier, a flag is overdue. */
  deadlineSeconds: { imminent: number; high: number; elevated: number };
  resources: CrisisResource[];
}

export interface Review {
  detection: Detection;
  /** Null when nothing was flagged (or only shadow entries matched). */
  flag: FlagSummary | null;
  created: boolean;
  /** For the author's eyes only. */
  support: SupportOffer | null;
}

/** A message as the flag service sees it once stored. */
export type StoredMessage = ContextMessage & { held?: boolean };

export interface FlagService {
  /** Scans a message that has just been stored. Throws only if the flag cannot be stored. */
  review(place: FlagPlace, message: StoredMessage): Promise<Review>;
  /** Whether a message about to be stored in this place is to be held for review (decided before the append). */
  holdsForReview(place: FlagPlace, body: string): boolean;
  /**
   * Freezes a just-stored message into the flags whose after-window it falls in. Costs nothing in a
   * place where this node raised no recent flag; the ticker's backFill covers the rest.
   */
  follow(place: FlagPlace, message: ContextMessage): Promise<void>;
  /** Freezes the after-context that other nodes' messages (or a restart) left missing. Returns how many flags gained some. */
  backFill(): Promise<number>;
  /** Called before a moderator erases a room message: freezes it into any flag whose after-window it is in. */
  captureBeforeErase(roomId: string, messageId: string): Promise<void>;
  /** Releases a held message whose flag could not be stored, so that it is not withheld with nobody to review it. */
  releaseUnflagged(place: FlagPlace, messageId: string): Promise<Message | null>;
  /**
   * The on-call delivery log, newest first. Moderators may read it as well as admins: they act on
   * the flags and need to see whether on-call was reached; it holds no message text.
   */
  oncallDeliveries(actor: Actor, q: { flagId?: string; limit?: number }): Promise<OncallDeliveryAttempt[]>;
  /** Releases the flag's held messages: they are to be broadcast to their room now. */
  release(actor: Actor, flagId: string): Promise<{ flag: FlagSummary; messages: Message[] }>;
  /** The detection alone: what review() would flag, without storing anything. */
  scan(body: string): Detection;
  /** A summary to alert with when the flag itself could not be stored; null when nothing was hit. */
  unsavedSummary(place: FlagPlace, message: ContextMessage): FlagSummary | null;
  /** What the author of a flagged message is shown. */
  supportOffer(): SupportOffer;
  queue(actor: Actor): Promise<FlagQueue>;
  get(actor: Actor, flagId: string): Promise<FlagDetail>;
  claim(actor: Actor, flagId: string): Promise<FlagSummary>;
  resolve(actor: Actor, input: { flagId: string; outcome: FlagOutcome; notes?: string }): Promise<FlagSummary>;
  /** Open flags past their tier's deadline whose alert this caller won: to be re-alerted now, once. */
  overdue(): Promise<FlagSummary[]>;
}

/** The higher of two tiers, raised one step (at most imminent). */
export function escalate(a: Severity, b: Severity): Severity {
  const top = SEVERITIES.indexOf(higherSeverity(a, b));
  return SEVERITIES[Math.min(SEVERITIES.length - 1, top + 1)]!;
}

export const SUPPORT_MESSAGE =
  "It sounds like things are really hard right now. You don't have to go through this alone: if you might act on thoughts of ending your life or harming yourself, please contact one of these now.";

/** How long after its last hit a flag's after-window may still be filling. */
export const AFTER_CONTEXT_HOURS = 24;

/** What one hit of the detector adds to a flag. */
function hitOf(message: StoredMessage, detection: Detection, severity: Severity, context: ContextMessage[], at: Date): FlagHit {
  return {
    messageId: message.id,
    messageSeq: message.seq,
    severity,
    categories: detection.categories,
    terms: [...new Set(detection.matches.map((m) => m.term.toLowerCase()))],
    context,
    at,
    held: message.held === true,
    entryIds: [...new Set(detection.matches.map((m) => m.entryId))],
  };
}

const frozen = (m: ContextMessage): ContextMessage => ({ id: m.id, seq: m.seq, authorId: m.authorId, authorName: m.authorName, body: m.body, createdAt: m.createdAt });

/** A new, open flag made of its first hit. */
function openFlag(id: string, place: FlagPlace, authorId: string, hit: FlagHit): FlagRecord {
  const { at, ...fields } = hit;
  const { held, entryIds, ...rest } = fields;
  return {
    id,
    place,
    authorId,
    ...rest,
    entryIds: entryIds ?? [],
    hits: 1,
    status: "open",
    createdAt: at,
    lastHitAt: at,
    claimedBy: null,
    claimedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    outcome: null,
    notes: null,
    heldMessageIds: held ? [hit.messageId] : [],
  };
}

/** The room a flag is in, for the audit log's room filter; null for a private conversation. */
const roomOf = (f: FlagRecord): string | null => (f.place.kind === "room" ? f.place.id : null);

/** What moderators see of a flag: never message text beyond the matched words. */
function toSummary(f: FlagRecord, deadlineSeconds: FlagSettings["deadlineSeconds"], held: boolean, authorName: string, claimedByName: string | null = null, resolvedByName: string | null = null): FlagSummary {
  return {
    id: f.id,
    place: f.place,
    authorId: f.authorId,
    authorName,
    severity: f.severity,
    categories: f.categories,
    terms: f.terms,
    hits: f.hits,
    status: f.status,
    createdAt: f.createdAt.toISOString(),
    lastHitAt: f.lastHitAt.toISOString(),
    claimedBy: f.claimedBy,
    claimedByName,
    claimedAt: f.claimedAt ? f.claimedAt.toISOString() : null,
    resolvedBy: f.resolvedBy,
    resolvedByName,
    resolvedAt: f.resolvedAt ? f.resolvedAt.toISOString() : null,
    outcome: f.outcome,
    held,
    dueAt: new Date(f.createdAt.getTime() + deadlineSeconds[f.severity] * 1000).toISOString(),
  };
}

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

  const summaryWith = async (f: FlagRecord, held: boolean): Promise<FlagSummary> =>
    toSummary(f, settings.deadlineSeconds, held, await nameOf(f.authorId), f.claimedBy ? await nameOf(f.claimedBy) : null, f.resolvedBy ? await nameOf(f.resolvedBy) : null);
  const summary = async (f: FlagRecord): Promise<FlagSummary> => summaryWith(f, (await stillHeld(f)).length > 0);

  /**
   * Flags this node raised or merged recently, by place, with the seq window (after, upTo] still to
   * be frozen into each. In memory on purpose: an ordinary message in a place without one costs a
   * map lookup, not a database read; what this misses (other nodes, restarts) backFill completes.
   */
  const following = new Map<string, { flagId: string; after: number; upTo: number; until: number }[]>();
  const placeKey = (place: FlagPlace) => `${place.kind}:${place.id}`;

  function startFollowing(place: FlagPlace, flagId: string, seq: number): void {
    if (settings.contextMessages === 0) return;
    const key = placeKey(place);
    const entries = (following.get(key) ?? []).filter((e) => e.flagId !== flagId);
    entries.push({ flagId, after: seq, upTo: seq + settings.contextMessages, until: clock.now().getTime() + AFTER_CONTEXT_HOURS * 3_600_000 });
    following.set(key, entries);
    if (following.size > 10_000) following.delete(following.keys().next().value as string);
  }

  /** The messages of the flag's after-window not yet frozen into it, from the message store. */
  async function missingAfter(f: FlagRecord): Promise<ContextMessage[]> {
    const have = new Set(f.context.filter((m) => m.seq > f.messageSeq).map((m) => m.seq));
    if (have.size >= settings.contextMessages) return [];
    const after = await store.messages.history(f.place.id, { after: f.messageSeq, limit: settings.contextMessages });
    // An erased message was frozen before its erasure (captureBeforeErase), or is gone for good.
    return after.filter((m) => !have.has(m.seq) && m.deletedAt === null).map(frozen);
  }

  async function load(flagId: string): Promise<FlagRecord> {
    const f = await store.flags.findById(flagId);
    if (!f) throw notFound("Flag");
    return f;
  }

  const supportOffer = (): SupportOffer => ({ message: SUPPORT_MESSAGE, resources: settings.resources });

  const requireStaff = (actor: Actor) => {
    if (!isStaff(actor)) throw forbidden("Only moderators and admins handle flags.");
  };

  async function snapshot(place: FlagPlace, message: ContextMessage): Promise<ContextMessage[]> {
    const before = settings.contextMessages === 0 ? [] : await store.messages.history(place.id, { before: message.seq, limit: settings.contextMessages });
    return [...before, message].map(frozen);
  }

  return {
    scan: (body) => deps.detector().scan(body),

    supportOffer,

    unsavedSummary(place, message) {
      const detection = deps.detector().scan(message.body);
      if (!detection.flagged || !detection.severity) return null;
      const hit = hitOf(message, detection, detection.severity, [], clock.now());
      return toSummary(openFlag(`unsaved:${message.id}`, place, message.authorId, hit), settings.deadlineSeconds, hit.held, message.authorName);
    },

    holdsForReview(place, body) {
      if (!settings.holdImminent || place.kind !== "room") return false;
      return deps.detector().scan(body).severity === "imminent";
    },

    async follow(place, message) {
      const key = placeKey(place);
      const entries = following.get(key);
      if (!entries) return;
      const now = clock.now().getTime();
      const due = entries.filter((e) => message.seq > e.after && message.seq <= e.upTo);
      // Updated before any await, so a flag started meanwhile is not overwritten by a stale list.
      const open = entries.filter((e) => message.seq < e.upTo && e.until > now);
      if (open.length > 0) following.set(key, open);
      else following.delete(key);
      for (const e of due) await store.flags.addContext(e.flagId, [frozen(message)]);
    },

    async backFill() {
      if (settings.contextMessages === 0) return 0;
      const since = new Date(clock.now().getTime() - AFTER_CONTEXT_HOURS * 3_600_000);
      let filled = 0;
      for (const f of await store.flags.listRecent(since)) {
        const missing = await missingAfter(f);
        if (missing.length === 0) continue;
        await store.flags.addContext(f.id, missing);
        filled++;
      }
      return filled;
    },

    async captureBeforeErase(roomId, messageId) {
      if (settings.contextMessages === 0) return;
      const message = await store.messages.findById(roomId, messageId);
      if (!message || message.deletedAt) return;
      const since = new Date(clock.now().getTime() - AFTER_CONTEXT_HOURS * 3_600_000);
      for (const f of await store.flags.listRecent(since, { kind: "room", id: roomId })) {
        if (message.seq > f.messageSeq && message.seq <= f.messageSeq + settings.contextMessages) await store.flags.addContext(f.id, [frozen(message)]);
      }
    },

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
      const detection = deps.detector().scan(message.body);
      if (!detection.flagged || detection.severity === null) return { detection, flag: null, created: false, support: null };

      const now = clock.now();
      const since = new Date(now.getTime() - settings.burstMinutes * 60_000);
      const active = await store.flags.findActive(place, message.authorId, since);
      // Repeated hits in a short window are themselves a warning sign: one tier up.
      const severity = active ? escalate(active.severity, detection.severity) : detection.severity;
      const hit = hitOf(message, detection, severity, await snapshot(place, message), now);
      const merged = active ? await store.flags.recordHit(active.id, hit) : null;
      const flag = merged ?? (await store.flags.create(openFlag(randomUUID(), place, message.authorId, hit)));
      startFollowing(place, flag.id, message.seq);
      return { detection, flag: await summary(flag), created: merged === null, support: supportOffer() };
    },

    async overdue() {
      const now = clock.now().getTime();
      const due: FlagSummary[] = [];
      for (const f of await store.flags.listUnresolved()) {
        if (f.status !== "open" || now - f.createdAt.getTime() < settings.deadlineSeconds[f.severity] * 1000) continue;
        if (await store.flags.claimOverdueAlert(f.id, clock.now())) due.push(await summary(f));
      }
      return due;
    },

    async queue(actor) {
      requireStaff(actor);
      const flags = await store.flags.listUnresolved();
      // Most severe first, then oldest first.
      flags.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.createdAt.getTime() - b.createdAt.getTime());
      const counts = new Map<string, { place: FlagPlace; open: number }>();
      for (const f of flags) {
        const key = `${f.place.kind}:${f.place.id}`;
        const c = counts.get(key) ?? { place: f.place, open: 0 };
        c.open++;
        counts.set(key, c);
      }
      return { flags: await Promise.all(flags.map(summary)), places: [...counts.values()].sort((a, b) => b.open - a.open) };
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
        context: f.context.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
      };
    },

    async claim(actor, flagId) {
      requireStaff(actor);
      const claimed = await store.flags.claim(flagId, actor.userId, clock.now());
      if (!claimed) {
        const f = await load(flagId);
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
        throw new DomainError("conflict", "This flag is already resolved.", { resolvedBy: f.resolvedBy });
      }
      await audit.record(actor, "flag.resolve", { targetUserId: resolved.authorId, roomId: roomOf(resolved), details: { flagId, outcome } });
      return summary(resolved);
    },
  };
}
