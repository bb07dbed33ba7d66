/**
 * Crisis flags: every stored message is scanned; a hit becomes a flag with a frozen snapshot of
 * its context, or joins the author's recent flag in the same place (a burst), and the caller is told
 * whom to alert. Moderators read the queue, open a flag (audited when it comes from a private
 * conversation), claim it and resolve it.
 */
import { randomUUID } from "node:crypto";
import { higherSeverity, SEVERITIES, type CrisisResource, type FlagDetail, type FlagOutcome, type FlagQueue, type FlagSummary, type Severity, type SupportOffer } from "../../../../shared/dto";
import type { Actor } from "../actor";
import { isStaff } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { DomainError, forbidden, notFound } from "../errors";
import type { ContextMessage, FlagHit, FlagPlace, FlagRecord, Store } from "../../storage/ports";
import type { Detection, Detector } from "./detector";

export interface FlagSettings {
  /** Messages before the flagged one kept in the snapshot (a bounded window, also for DMs). */
  contextMessages: number;
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

export interface FlagService {
  /** Scans a message that has just been stored. Throws only if the flag cannot be stored. */
  review(place: FlagPlace, message: ContextMessage): Promise<Review>;
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

/** What one hit of the detector adds to a flag. */
function hitOf(message: ContextMessage, detection: Detection, severity: Severity, context: ContextMessage[], at: Date): FlagHit {
  return {
    messageId: message.id,
    messageSeq: message.seq,
    severity,
    categories: detection.categories,
    terms: [...new Set(detection.matches.map((m) => m.term.toLowerCase()))],
    context,
    at,
  };
}

/** A new, open flag made of its first hit. */
function openFlag(id: string, place: FlagPlace, authorId: string, hit: FlagHit): FlagRecord {
  const { at, ...fields } = hit;
  return { id, place, authorId, ...fields, hits: 1, status: "open", createdAt: at, lastHitAt: at, claimedBy: null, claimedAt: null, resolvedBy: null, resolvedAt: null, outcome: null, notes: null };
}

/** What moderators see of a flag: never message text beyond the matched words. */
function toSummary(f: FlagRecord, authorName: string, claimedByName: string | null = null, resolvedByName: string | null = null): FlagSummary {
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
    held: false,
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

  const summary = async (f: FlagRecord): Promise<FlagSummary> =>
    toSummary(f, await nameOf(f.authorId), f.claimedBy ? await nameOf(f.claimedBy) : null, f.resolvedBy ? await nameOf(f.resolvedBy) : null);

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
    const before = await store.messages.history(place.id, { before: message.seq, limit: settings.contextMessages });
    return [...before, message].map((m) => ({ id: m.id, seq: m.seq, authorId: m.authorId, authorName: m.authorName, body: m.body, createdAt: m.createdAt }));
  }

  return {
    scan: (body) => deps.detector().scan(body),

    supportOffer,

    unsavedSummary(place, message) {
      const detection = deps.detector().scan(message.body);
      if (!detection.flagged || !detection.severity) return null;
      return toSummary(openFlag(`unsaved:${message.id}`, place, message.authorId, hitOf(message, detection, detection.severity, [], clock.now())), message.authorName);
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
      return {
        ...(await summary(f)),
        notes: f.notes,
        messageSeq: f.messageSeq,
        heldMessageIds: [],
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
      await audit.record(actor, "flag.claim", { targetUserId: claimed.authorId, details: { flagId } });
      return summary(claimed);
    },

    async resolve(actor, { flagId, outcome, notes }) {
      requireStaff(actor);
      const resolved = await store.flags.resolve(flagId, actor.userId, clock.now(), outcome, notes ?? null);
      if (!resolved) {
        const f = await load(flagId);
        throw new DomainError("conflict", "This flag is already resolved.", { resolvedBy: f.resolvedBy });
      }
      await audit.record(actor, "flag.resolve", { targetUserId: resolved.authorId, details: { flagId, outcome } });
      return summary(resolved);
    },
  };
}
