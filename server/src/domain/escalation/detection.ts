/**
 * What the detector says of one message: whether it pages moderators (the writer's own current
 * risk), reaches them as someone else's risk, or only goes to the review list, and why.
 */
import type { FlagDisposition as Disposition, ReviewReason } from "../../../../shared/dto";
import { SEVERITIES, type Category, type Severity } from "./lexicon";

// Why a hit does not page (talk about suicide is everyday in a peer-support room), and what the
// detector made of it: one list each, shared with the flag records and the dashboard.
export { FLAG_DISPOSITIONS as DISPOSITIONS, REVIEW_REASONS, type FlagDisposition as Disposition, type ReviewReason } from "../../../../shared/dto";

export interface DetectorMatch {
  /** The matched words as written. */
  term: string;
  start: number;
  end: number;
  entryId: string;
  category: Category;
  /** The entry's tier. */
  severity: Severity;
  shadow: boolean;
  /** Null when the hit is the writer's own current risk. */
  reason: ReviewReason | null;
}

/**
 * A warning sign the author showed, kept by the caller for a while (no text) so that the author's
 * next messages are read together with it: "i've picked a date" after "i can't do this anymore".
 */
export interface Cue {
  entryId: string;
  category: Category;
  severity: Severity;
  weak: boolean;
}

export interface Detection {
  /** Any hit: an alert, someone else's risk, or an item for the review list. */
  flagged: boolean;
  /** Moderators are paged. */
  alert: boolean;
  disposition: Disposition | null;
  /** The tier, for paging hits only. */
  severity: Severity | null;
  categories: Category[];
  /** Why a flagged message does not page (empty for alerts). */
  reasons: ReviewReason[];
  /** Enforced matches (paging and listed); shadow matches are in `shadow`. */
  matches: DetectorMatch[];
  /** Matches of entries in shadow mode: for measurement, never for alerts. */
  shadow: DetectorMatch[];
  /** The writer's own current warning signs in this message, weak ones included, for the next scans. */
  cues: Cue[];
}

export const NOTHING: Detection = Object.freeze({ flagged: false, alert: false, disposition: null, severity: null, categories: [], reasons: [], matches: [], shadow: [], cues: [] }) as Detection;

const rank = (s: Severity) => SEVERITIES.indexOf(s);
export const strongest = (list: Severity[]): Severity => list.reduce((a, b) => (rank(b) > rank(a) ? b : a));

const IDEATION: Category[] = ["suicidal_ideation", "self_harm"];
const CONCRETE: Category[] = ["plan_timing", "means_method"];

/**
 * The tier of the writer's own hits: the strongest, imminent when intent meets a plan, a time or a
 * means (the textbook marker of acute risk, also across the author's recent messages). Several
 * kinds of risk together do not raise it further: a tier says how acute, not how many words matched.
 */
export function tierOf(hits: { category: Category; severity: Severity }[], prior: Cue[] = [], when: { timed?: boolean; now?: boolean } = {}): Severity {
  const timed = when.timed === true;
  const now = timed || when.now === true;
  let severity = strongest(hits.map((h) => h.severity));
  const here = new Set(hits.map((h) => h.category));
  const all = new Set([...here, ...prior.map((c) => c.category)]);
  const ideation = IDEATION.some((c) => all.has(c)) || (prior.length > 0 && all.has("hopelessness_help"));
  const concrete = CONCRETE.some((c) => all.has(c));
  // A self-harm act with its means at hand stays high: imminence is for suicidal intent.
  const selfHarmOnly = here.has("self_harm") && !all.has("suicidal_ideation") && !all.has("plan_timing");
  // Intent with a time set, or a means or plan for now or a set time, is acute too.
  if (((ideation && (concrete || timed)) || (now && concrete)) && !selfHarmOnly) severity = "imminent";
  return severity;
}
