/**
 * The crisis-language detector: normalise, find every lexicon phrase in one automaton pass, drop
 * figurative uses, then sort what is left: the writer's own current risk pages moderators;
 * someone else at risk now reaches them as its own category; talk about suicide that is neither
 * (negated, past, someone else's, jokes, support, education, media) goes to the review list.
 * No I/O: a pure function of the lexicon, the text and the author's recent cues.
 */
import { clauses, reasonFor, type HitContext, type Modifier } from "./context-rules";
import { NOTHING, strongest, tierOf, type Cue, type Detection, type DetectorMatch, type ReviewReason } from "./detection";
import type { Lexicon, LexiconEntry, ModifierKind, Severity } from "./lexicon";
import { createMatcher, type Found, type Matcher } from "./matcher";
import { tokenize } from "./normalize";
import { createVocabulary } from "./vocabulary";

export type { Cue, Detection, DetectorMatch } from "./detection";

export interface DetectorOptions {
  /** Someone else at risk now: page moderators, or list it for them (CRISIS_CONCERN_OTHER). */
  concernOther?: "page" | "list";
}

export interface Detector {
  readonly version: string;
  /** `prior`: the author's cues from their recent messages in the same place, oldest first. */
  scan(text: string, prior?: readonly Cue[]): Detection;
}

export type Role = { kind: "entry"; entry: LexiconEntry } | { kind: "exclude"; entry: LexiconEntry | null } | { kind: "modifier"; modifier: ModifierKind };

type Span = Found<Role>;

const overlaps = (a: Span, b: Span) => a.from < b.to && b.from < a.to;

/** Every pattern of the lexicon (entries, exclusions, modifiers) in one matcher. */
export function lexiconMatcher(lexicon: Lexicon): Matcher<Role> {
  const patterns: [string, Role][] = [];
  const add = (list: string[], role: Role) => {
    for (const p of list) patterns.push([p, role]);
  };
  for (const entry of lexicon.entries) {
    add(entry.patterns, { kind: "entry", entry });
    add(entry.exclude ?? [], { kind: "exclude", entry });
  }
  add(lexicon.exclusions, { kind: "exclude", entry: null });
  for (const modifier of Object.keys(lexicon.modifiers) as ModifierKind[]) add(lexicon.modifiers[modifier], { kind: "modifier", modifier });
  return createMatcher(patterns);
}

interface Hit extends DetectorMatch {
  weak: boolean;
  amplifier: boolean;
  timed: boolean;
}

export function createDetector(lexicon: Lexicon, options: DetectorOptions = {}): Detector {
  const matcher = lexiconMatcher(lexicon);
  const concernOther = options.concernOther ?? "page";
  // Words this lexicon knows, to read misspelt, run-together or censored words against.
  const vocabulary = createVocabulary(lexicon);

  function scan(text: string, prior: readonly Cue[] = []): Detection {
    const tokens = tokenize(text, vocabulary);
    const all = matcher.find(tokens);
    // Most messages match no entry: skip the context rules for them.
    // A time alone ("now", "today") is no sign either: most messages stop here.
    if (!all.some((f) => f.role.kind === "entry" && f.role.entry.amplifier === undefined)) return NOTHING;
    const excluded = all.filter((f) => f.role.kind === "exclude");
    const modifiers: Modifier[] = [];
    for (const f of all) if (f.role.kind === "modifier") modifiers.push({ kind: f.role.modifier, from: f.from, to: f.to });
    const times = all.filter((f) => f.role.kind === "entry" && f.role.entry.amplifier !== undefined).map((f) => f.from);
    const ctx: HitContext = { tokens, clauseOf: clauses(text, tokens), modifiers, present: new Set(modifiers.map((m) => m.kind)), times };

    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const f of all) {
      if (f.role.kind !== "entry") continue;
      const entry = f.role.entry;
      const cancelled = excluded.some((x) => x.role.kind === "exclude" && (x.role.entry === null || x.role.entry === entry) && overlaps(x, f));
      if (cancelled) continue;
      const dedupe = `${entry.id}:${f.from}:${f.to}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const reason = reasonFor(f, entry, ctx);
      // A weak cue or a time that is negated, past, joking or about someone else is no sign at all.
      if ((entry.weak === true || entry.amplifier !== undefined) && reason !== null) continue;
      const first = tokens[f.from]!;
      const last = tokens[f.to - 1]!;
      hits.push({
        term: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        entryId: entry.id,
        category: entry.category,
        severity: entry.severity,
        shadow: entry.shadow === true,
        reason,
        weak: entry.weak === true,
        amplifier: entry.amplifier !== undefined,
        timed: entry.amplifier === "time",
      });
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    // One entry read twice over the same words ("what's the point of living", "point of living") is one hit.
    for (let i = hits.length - 1; i > 0; i--) {
      const h = hits[i]!;
      if (hits.some((o, j) => j < i && o.entryId === h.entryId && o.start <= h.start && h.end <= o.end)) hits.splice(i, 1);
    }
    const enforced = accumulated(hits.filter((h) => !h.shadow), prior);
    // A shadow weak cue may count on an enforced entry, never the other way round.
    const shadow = hits.some((h) => h.shadow) ? accumulated(hits, prior).filter((h) => h.shadow) : [];
    const own = hits.filter((h) => !h.shadow && h.reason === null);
    const cues = own.filter((h) => !h.amplifier).map((h) => ({ entryId: h.entryId, category: h.category, severity: h.severity, weak: h.weak }));
    return { ...decide(enforced, prior, ctx.present.has("concern")), matches: enforced.map(plain), shadow: shadow.map(plain), cues };
  }

  /**
   * Weak cues (burden, feeling trapped, a goodbye, "tonight's the night") only count beside another
   * distinct warning sign, in this message or in the author's recent ones.
   */
  function accumulated(hits: Hit[], prior: readonly Cue[]): Hit[] {
    // Words already read by another entry are no second cue ("what's the point" in "what's the
    // point of living"): a weak match over them is dropped, and of two weak ones the first stays.
    const kept = hits.filter(
      (h, i) => !h.weak || !hits.some((o, j) => !o.amplifier && o.entryId !== h.entryId && o.start < h.end && h.start < o.end && (!o.weak || j < i)),
    );
    const signs = kept.filter((h) => !h.amplifier);
    const ids = new Set(signs.filter((h) => h.reason === null).map((h) => h.entryId));
    const before = new Set(prior.map((c) => c.entryId));
    const counted = signs.filter((h) => !h.weak || secondedBy(ids, h.entryId) || secondedBy(before, h.entryId));
    // A time makes a sign more urgent; it is no sign by itself.
    if (!counted.some((h) => h.reason === null)) return counted;
    return kept.filter((h) => (h.amplifier ? true : counted.includes(h)));
  }

  function decide(hits: Hit[], prior: readonly Cue[], asksForHelp: boolean): Pick<Detection, "flagged" | "alert" | "disposition" | "severity" | "categories" | "reasons"> {
    if (hits.length === 0) return { flagged: false, alert: false, disposition: null, severity: null, categories: [], reasons: [] };
    const categories = [...new Set(hits.map((h) => h.category))];
    const own = hits.filter((h) => h.reason === null);
    if (own.length > 0) return { flagged: true, alert: true, disposition: "alert", severity: tierOf(own.filter((h) => !h.amplifier), [...prior], { timed: own.some((h) => h.timed), now: own.some((h) => h.amplifier) }), categories, reasons: [] };
    const reasons = [...new Set(hits.map((h) => h.reason as ReviewReason))];
    const others = hits.filter((h) => h.reason === "others");
    // Someone else in danger now, and the writer asking what to do: moderators can help them help.
    if (asksForHelp && others.length > 0 && !reasons.includes("past")) {
      const paged = concernOther === "page";
      const severity: Severity = strongest(others.map((h) => h.severity));
      return { flagged: true, alert: paged, disposition: "concern_other", severity: paged ? severity : null, categories, reasons };
    }
    return { flagged: true, alert: false, disposition: "review", severity: null, categories, reasons };
  }

  return { version: lexicon.version, scan };
}

/** Whether a sign other than this entry's own is among these. */
function secondedBy(ids: ReadonlySet<string>, entryId: string): boolean {
  for (const id of ids) if (id !== entryId) return true;
  return false;
}

const plain = ({ weak: _weak, amplifier: _amplifier, timed: _timed, ...m }: Hit): DetectorMatch => m;
