/**
 * The review list: hits that page nobody (talk about suicide that is not the writer's own current
 * risk, or someone else at risk when CRISIS_CONCERN_OTHER=list). Moderators page through it, open
 * an item's context with flag:get, promote it into the queue (the detector missed it) or dismiss it.
 */
import type { FlagSummary, ReviewItem, ReviewPage } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { DomainError, notFound } from "../errors";
import type { FlagRecord, Store } from "../../storage/ports";
import { roomOf, toReviewItem } from "./flag-summary";
import { withReports } from "../report-items";

export const DEFAULT_REVIEW_PAGE = 50;
/** How often a node sweeps the review list for items past their retention. */
const PURGE_EVERY_MS = 10 * 60_000;

export interface ReviewList {
  list(actor: Actor, q: { before?: { createdAt: Date; id: string }; limit?: number }): Promise<ReviewPage>;
  /** Moves an item into the queue as an open flag; the caller alerts every moderator as for a new flag. */
  promote(actor: Actor, flagId: string): Promise<FlagSummary>;
  dismiss(actor: Actor, flagId: string): Promise<{ flagId: string }>;
  /** Deletes listed and dismissed items older than the retention, at most once per sweep interval. Returns how many. */
  purge(): Promise<number>;
  item(f: FlagRecord): Promise<ReviewItem>;
}

export function createReviewList(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  retentionDays: number;
  nameOf(userId: string): Promise<string>;
  summary(f: FlagRecord): Promise<FlagSummary>;
  requireStaff(actor: Actor): void;
  /** Freezes the after-context the item is still missing: it pages from now on. */
  topUpAfter(f: FlagRecord): Promise<void>;
}): ReviewList {
  const { store, clock, audit } = deps;
  let lastPurge = 0;

  // Members' reports carry their reasons and notes, never the reporters (report-items.ts).
  const item = async (f: FlagRecord) => withReports(store, f, toReviewItem(f, await deps.nameOf(f.authorId)));

  /** Why a promotion or dismissal found nothing to do. */
  async function refusal(flagId: string): Promise<DomainError> {
    const f = await store.flags.findById(flagId);
    if (!f) return notFound("Flag");
    const why = f.lane === "page" ? (f.promotedAt ? "This item was promoted already." : "This flag is in the queue, not on the review list.") : "This item was dismissed already.";
    return new DomainError("conflict", why, { lane: f.lane, promotedBy: f.promotedBy, dismissedBy: f.dismissedBy });
  }

  return {
    item,

    async list(actor, { before, limit }) {
      deps.requireStaff(actor);
      const size = limit ?? DEFAULT_REVIEW_PAGE;
      const records = await store.flags.listReview({ before, limit: size });
      const last = records[records.length - 1];
      return {
        items: await Promise.all(records.map(item)),
        next: records.length === size && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null,
      };
    },

    async promote(actor, flagId) {
      deps.requireStaff(actor);
      const promoted = await store.flags.promote(flagId, actor.userId, clock.now());
      if (!promoted) throw await refusal(flagId);
      // Recorded on the flag (promotedBy, promotedAt) and here: lexicon statistics count it as a miss.
      await audit.record(actor, "flag.promote", {
        targetUserId: promoted.authorId,
        roomId: roomOf(promoted),
        messageId: promoted.messageId,
        details: { flagId, disposition: promoted.disposition, reasons: promoted.reasons, severity: promoted.severity },
      });
      await deps.topUpAfter(promoted).catch(() => undefined);
      return deps.summary(promoted);
    },

    async dismiss(actor, flagId) {
      deps.requireStaff(actor);
      const dismissed = await store.flags.dismiss(flagId, actor.userId, clock.now());
      if (!dismissed) throw await refusal(flagId);
      await audit.record(actor, "flag.dismiss", {
        targetUserId: dismissed.authorId,
        roomId: roomOf(dismissed),
        messageId: dismissed.messageId,
        details: { flagId, disposition: dismissed.disposition, reasons: dismissed.reasons },
      });
      return { flagId };
    },

    async purge() {
      const now = clock.now().getTime();
      if (now - lastPurge < PURGE_EVERY_MS) return 0;
      lastPurge = now;
      const before = new Date(now - deps.retentionDays * 86_400_000);
      const purged = await store.flags.purgeReview(before);
      // Members' reports go with their item: a note is not kept longer than what it was about.
      await store.reports.purgeOrphans(before);
      return purged;
    },
  };
}
