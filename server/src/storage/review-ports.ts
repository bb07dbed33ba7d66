/**
 * The review list's part of the flag store: hits that page nobody are stored as flag records in the
 * `list` lane, apart from the paging queue, until a moderator promotes or dismisses them or they
 * age out. Kept out of ports.ts so that file stays one screen of interfaces per concern.
 */
import type { FlagDisposition, FlagLane } from "../../../shared/dto";
import type { FlagRecord } from "./ports";

export type { FlagDisposition, FlagLane };

/** The last item of a page of the review list: the next page starts strictly after it. */
export interface ReviewCursorRecord {
  createdAt: Date;
  id: string;
}

/** What a flag record carries about its lane (part of FlagRecord). */
export interface FlagLaneFields {
  /** What the detector made of the first hit. Records stored before the review list are alerts. */
  disposition: FlagDisposition;
  /** Why the detector did not page for it (detection.reasons); empty for alerts. */
  reasons: string[];
  /** Only `page` records are ever in the queue, alerted, overdue, claimed, resolved or merged into. */
  lane: FlagLane;
  /** A moderator moved it from the list to the queue: a hit the detector missed. */
  promotedBy: string | null;
  promotedAt: Date | null;
  dismissedBy: string | null;
  dismissedAt: Date | null;
}

export interface FlagReviewStore {
  /** Records in the `list` lane, newest first (createdAt, then id, both descending), after the cursor. */
  listReview(q: { before?: ReviewCursorRecord; limit: number }): Promise<FlagRecord[]>;
  /** `list` to `page` (an open flag) for exactly one caller; null for everyone else or an unknown id. */
  promote(id: string, by: string, at: Date): Promise<FlagRecord | null>;
  /** `list` to `dismissed` for exactly one caller; null for everyone else or an unknown id. */
  dismiss(id: string, by: string, at: Date): Promise<FlagRecord | null>;
  /**
   * Deletes listed and dismissed records created before `before`, with their frozen context;
   * promoted and paging ones are kept. Returns how many were deleted.
   */
  purgeReview(before: Date): Promise<number>;
}
