/**
 * Handing a claimed flag on: back to the queue (unclaim) or to a named moderator (reassign). A
 * claim must never strand a flag: the claimer may let it go at any time, and once the claim has
 * run past its tier's deadline without a resolution any moderator may take it back.
 */
import type { FlagSummary } from "../../../../shared/dto";
import type { Actor } from "../actor";
import { isStaff } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { DomainError, forbidden, notFound } from "../errors";
import type { FlagRecord, Store } from "../../storage/ports";
import type { FlagSettings } from "./flag-types";
import { roomOf } from "./flag-summary";

/**
 * How many of its tier's claim deadlines a claimed flag may stay unresolved. Talking with someone in
 * crisis takes longer than noticing them: five deadlines (ten minutes for an imminent flag by
 * default) before the other moderators are alerted again and may take it back.
 */
export const CLAIM_DEADLINES = 5;

/** When a claim that has not led to a resolution counts as left. */
export const claimDueAt = (f: FlagRecord, deadlineSeconds: FlagSettings["deadlineSeconds"]): number | null =>
  f.claimedAt ? f.claimedAt.getTime() + CLAIM_DEADLINES * deadlineSeconds[f.severity] * 1000 : null;

/** The key under which a claim's overdue alert is decided once across nodes: one per holder and claim. */
export const claimAlertKey = (f: FlagRecord): string => `${f.id}:claim:${f.claimedBy ?? ""}:${f.claimedAt?.getTime() ?? 0}`;

export interface FlagWorkflow {
  unclaim(actor: Actor, flagId: string): Promise<FlagSummary>;
  /** Returns the flag as the new holder now has it. */
  reassign(actor: Actor, input: { flagId: string; toUserId: string }): Promise<FlagSummary>;
}

export function createFlagWorkflow(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  settings: FlagSettings;
  summary(f: FlagRecord): Promise<FlagSummary>;
  requireStaff(actor: Actor): void;
}): FlagWorkflow {
  const { store, clock, audit, settings } = deps;

  async function load(flagId: string): Promise<FlagRecord> {
    const f = await store.flags.findById(flagId);
    if (!f) throw notFound("Flag");
    if (f.lane !== "page") throw new DomainError("conflict", "This item is on the review list, not in the queue.", { lane: f.lane });
    if (f.status === "resolved") throw new DomainError("conflict", "This flag is already resolved.", { resolvedBy: f.resolvedBy });
    return f;
  }

  /** Someone else changed the flag between our read and our write: the caller reloads and decides again. */
  const raced = () => new DomainError("conflict", "The flag changed while you were acting on it: look again.");

  return {
    async unclaim(actor, flagId) {
      deps.requireStaff(actor);
      const f = await load(flagId);
      // Already back in the queue (a retry, or someone else was quicker): nothing to change or record.
      if (f.status !== "claimed") return deps.summary(f);
      const due = claimDueAt(f, settings.deadlineSeconds) ?? 0;
      if (f.claimedBy !== actor.userId && clock.now().getTime() < due) {
        throw forbidden("Only the moderator who claimed this flag can unclaim it before its deadline.");
      }
      const open = await store.flags.handOver(flagId, { by: f.claimedBy, at: f.claimedAt }, null, clock.now());
      if (!open) throw raced();
      await audit.record(actor, "flag.unclaim", { targetUserId: f.authorId, roomId: roomOf(f), details: { flagId, from: f.claimedBy } });
      return deps.summary(open);
    },

    async reassign(actor, { flagId, toUserId }) {
      deps.requireStaff(actor);
      const to = await store.users.findById(toUserId);
      if (!to || !isStaff(to)) throw new DomainError("invalid_input", "A flag can only be given to a moderator or an admin.", { toUserId });
      const f = await load(flagId);
      if (f.claimedBy === toUserId) throw new DomainError("conflict", "This moderator already holds the flag.", { claimedBy: toUserId });
      const given = await store.flags.handOver(flagId, { by: f.claimedBy, at: f.claimedAt }, toUserId, clock.now());
      if (!given) throw raced();
      await audit.record(actor, "flag.reassign", { targetUserId: f.authorId, roomId: roomOf(f), details: { flagId, from: f.claimedBy, to: toUserId } });
      return deps.summary(given);
    },
  };
}
