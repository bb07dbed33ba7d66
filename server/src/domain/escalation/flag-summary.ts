/**
 * Flag records made from detector hits, and what moderators see of them: never message text
 * beyond the matched words.
 */
import { REVIEW_REASONS, type FlagSummary, type ReviewItem, type ReviewReason, type Severity } from "../../../../shared/dto";
import type { ContextMessage, FlagHit, FlagLaneFields, FlagPlace, FlagRecord } from "../../storage/ports";
import { strongest, type Detection } from "./detection";
import type { StoredMessage } from "./flags";

const asReasons = (list: string[]): ReviewReason[] => list.filter((r): r is ReviewReason => (REVIEW_REASONS as readonly string[]).includes(r));

export type DeadlineSeconds = { imminent: number; high: number; elevated: number };

/** What one hit of the detector adds to a flag. */
export function hitOf(message: StoredMessage, detection: Detection, severity: Severity, context: ContextMessage[], at: Date): FlagHit {
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

/** The tier of the words of a hit that pages nobody: what a promotion puts it in the queue at. */
export const tierOfWords = (detection: Detection): Severity => strongest(detection.matches.map((m) => m.severity));

export const frozen = (m: ContextMessage): ContextMessage => ({ id: m.id, seq: m.seq, authorId: m.authorId, authorName: m.authorName, body: m.body, createdAt: m.createdAt });

/** The lane fields of a new record: an alert in the queue, or an item on the review list. */
export function laneFor(detection: Detection): Pick<FlagLaneFields, "disposition" | "reasons" | "lane"> {
  const disposition = detection.disposition ?? "alert";
  return { disposition, reasons: [...detection.reasons], lane: detection.alert ? "page" : "list" };
}

/** A new, open flag made of its first hit. */
export function openFlag(id: string, place: FlagPlace, authorId: string, hit: FlagHit, lane: Pick<FlagLaneFields, "disposition" | "reasons" | "lane">): FlagRecord {
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
    ...lane,
    promotedBy: null,
    promotedAt: null,
    dismissedBy: null,
    dismissedAt: null,
  };
}

/** The room a flag is in, for the audit log's room filter; null for a private conversation. */
export const roomOf = (f: FlagRecord): string | null => (f.place.kind === "room" ? f.place.id : null);

/** When a paging flag becomes overdue: a promoted item's deadline runs from its promotion. */
export const dueAt = (f: FlagRecord, deadlineSeconds: DeadlineSeconds): number => (f.promotedAt ?? f.createdAt).getTime() + deadlineSeconds[f.severity] * 1000;

export interface SummaryNames {
  author: string;
  claimedBy?: string | null;
  resolvedBy?: string | null;
  promotedBy?: string | null;
}

/** What moderators see of a flag: never message text beyond the matched words. */
export function toSummary(f: FlagRecord, deadlineSeconds: DeadlineSeconds, held: boolean, names: SummaryNames): FlagSummary {
  return {
    id: f.id,
    place: f.place,
    authorId: f.authorId,
    authorName: names.author,
    severity: f.severity,
    categories: f.categories,
    terms: f.terms,
    hits: f.hits,
    status: f.status,
    createdAt: f.createdAt.toISOString(),
    lastHitAt: f.lastHitAt.toISOString(),
    claimedBy: f.claimedBy,
    claimedByName: names.claimedBy ?? null,
    claimedAt: f.claimedAt ? f.claimedAt.toISOString() : null,
    resolvedBy: f.resolvedBy,
    resolvedByName: names.resolvedBy ?? null,
    resolvedAt: f.resolvedAt ? f.resolvedAt.toISOString() : null,
    outcome: f.outcome,
    held,
    dueAt: new Date(dueAt(f, deadlineSeconds)).toISOString(),
    disposition: f.disposition,
    reasons: asReasons(f.reasons),
    lane: f.lane,
    promotedBy: f.promotedBy,
    promotedByName: names.promotedBy ?? null,
    promotedAt: f.promotedAt ? f.promotedAt.toISOString() : null,
  };
}

/** An entry of the review list: the matched words, never the message. */
export function toReviewItem(f: FlagRecord, authorName: string): ReviewItem {
  return {
    id: f.id,
    place: f.place,
    authorId: f.authorId,
    authorName,
    disposition: f.disposition,
    reasons: asReasons(f.reasons),
    categories: f.categories,
    terms: f.terms,
    createdAt: f.createdAt.toISOString(),
  };
}
