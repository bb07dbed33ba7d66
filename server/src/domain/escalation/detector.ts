/**
 * The crisis-language detector: normalise, find every lexicon phrase in one automaton pass, drop
 * figurative uses, lower the tier of negated, past, hypothetical or reported mentions (never to
 * nothing), and raise it when several kinds of risk appear together. No I/O: a pure function of the
 * lexicon and the text.
 */
import { SEVERITIES, type Category, type Lexicon, type LexiconEntry, type Severity } from "./lexicon";
import { createMatcher, type Found, type Matcher } from "./matcher";
import { tokenize, type Token } from "./normalize";
import { createVocabulary } from "./vocabulary";

export interface DetectorMatch {
  /** The matched words as written. */
  term: string;
  start: number;
  end: number;
  entryId: string;
  category: Category;
  /** After context: the entry's tier, lowered for negation, past tense, hypotheticals or reported speech. */
  severity: Severity;
  shadow: boolean;
}

export interface Detection {
  flagged: boolean;
  severity: Severity | null;
  categories: Category[];
  /** Enforced matches only; shadow matches are in `shadow`. */
  matches: DetectorMatch[];
  /** Matches of entries in shadow mode: for measurement, never for alerts. */
  shadow: DetectorMatch[];
}

export interface Detector {
  readonly version: string;
  scan(text: string): Detection;
}

export type Role = { kind: "entry"; entry: LexiconEntry } | { kind: "exclude"; entry: LexiconEntry | null } | { kind: "modifier"; modifier: keyof Lexicon["modifiers"] };

type Span = Found<Role>;

const LOOKBEHIND = 4;
const LOOKAHEAD = 2;

const FIRST_PERSON = new Set(["i", "me", "my", "myself", "mine", "im", "ive", "id"]);
const hasFirstPerson = (tokens: Token[], from: number, to: number) => tokens.slice(from, to).some((t) => FIRST_PERSON.has(t.text));

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const lower = (s: Severity): Severity => SEVERITIES[Math.max(0, rank(s) - 1)]!;
const raise = (s: Severity): Severity => SEVERITIES[Math.min(SEVERITIES.length - 1, rank(s) + 1)]!;
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
  for (const modifier of Object.keys(lexicon.modifiers) as (keyof Lexicon["modifiers"])[]) add(lexicon.modifiers[modifier], { kind: "modifier", modifier });
  return createMatcher(patterns);
}

export function createDetector(lexicon: Lexicon): Detector {
  const matcher = lexiconMatcher(lexicon);
  // Words this lexicon knows, to read misspelt, run-together or censored words against.
  const vocabulary = createVocabulary(lexicon);

  const weakIds = new Set(lexicon.entries.filter((e) => e.weak === true).map((e) => e.id));

  function scan(text: string): Detection {
    const tokens = tokenize(text, vocabulary);
    const all = matcher.find(tokens);
    // Most messages match no entry: skip the context rules for them.
    if (!all.some((f) => f.role.kind === "entry")) return { flagged: false, severity: null, categories: [], matches: [], shadow: [] };
    const sentenceOf = sentences(text, tokens);
    const excluded = all.filter((f) => f.role.kind === "exclude");
    const modifiers = all.filter((f): f is Found<Extract<Role, { kind: "modifier" }>> => f.role.kind === "modifier");

    const hits: DetectorMatch[] = [];
    const seen = new Set<string>();
    for (const f of all) {
      if (f.role.kind !== "entry") continue;
      const entry = f.role.entry;
      const cancelled = excluded.some((x) => x.role.kind === "exclude" && (x.role.entry === null || x.role.entry === entry) && overlaps(x, f));
      if (cancelled) continue;
      const dedupe = `${entry.id}:${f.from}:${f.to}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const sentence = sentenceOf[f.from];
      const softened =
        entry.reported === true ||
        modifiers.some((m) => {
          if (sentenceOf[m.from] !== sentence) return false;
          const after = m.from >= f.to && m.from <= f.to + LOOKAHEAD;
          if (m.role.modifier === "after") return after;
          if (m.role.modifier === "joking" && after) return true;
          const before = m.to <= f.from && m.to >= f.from - LOOKBEHIND;
          // "she said I want to die" is the writer's own: only a subject still in force counts.
          if (m.role.modifier === "others") return before && !hasFirstPerson(tokens, m.to, f.to);
          return before;
        });
      // A weak cue that is negated, past, joking or about someone else is no warning sign at all.
      if (entry.weak === true && softened) continue;
      const first = tokens[f.from]!;
      const last = tokens[f.to - 1]!;
      hits.push({
        term: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        entryId: entry.id,
        category: entry.category,
        severity: softened ? lower(entry.severity) : entry.severity,
        shadow: entry.shadow === true,
      });
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    const enforced = accumulated(hits.filter((h) => !h.shadow));
    // A shadow weak cue may count on an enforced entry, never the other way round.
    const shadow = accumulated(hits).filter((h) => h.shadow);
    return { ...summarise(enforced), matches: enforced, shadow };
  }

  /** Weak cues only count when another distinct entry matched too. */
  function accumulated(hits: DetectorMatch[]): DetectorMatch[] {
    // Words already read by another entry are no second cue ("what's the point" in "what's the
    // point of living"): a weak match over them is dropped, and of two weak ones the first stays.
    const kept = hits.filter(
      (h, i) =>
        !weakIds.has(h.entryId) ||
        !hits.some((o, j) => o.entryId !== h.entryId && o.start < h.end && h.start < o.end && (!weakIds.has(o.entryId) || j < i)),
    );
    const ids = new Set(kept.map((h) => h.entryId));
    if (ids.size >= 2) return kept;
    return kept.filter((h) => !weakIds.has(h.entryId));
  }

  return { version: lexicon.version, scan };
}

/** The message's tier: its strongest match, one higher when different kinds of risk come together. */
export function summarise(matches: DetectorMatch[]): { flagged: boolean; severity: Severity | null; categories: Category[] } {
  if (matches.length === 0) return { flagged: false, severity: null, categories: [] };
  const categories = [...new Set(matches.map((m) => m.category))];
  let severity = matches.map((m) => m.severity).reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const ideation = categories.includes("suicidal_ideation") || categories.includes("self_harm");
  const concrete = categories.includes("plan_timing") || categories.includes("means_method");
  // Intent together with a plan, a time or a means is the textbook marker of acute risk.
  if (ideation && concrete) severity = "imminent";
  else if (categories.length >= 2) severity = raise(severity);
  return { flagged: true, severity, categories };
}

/** Sentence number of each token: a new sentence after . ! ? or a line break between tokens. */
function sentences(text: string, tokens: Token[]): number[] {
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0) {
      for (let c = tokens[i - 1]!.end; c < tokens[i]!.start; c++) {
        const code = text.charCodeAt(c);
        // . ! ? and line breaks
        if (code === 46 || code === 33 || code === 63 || code === 10) {
          n++;
          break;
        }
      }
    }
    out.push(n);
  }
  return out;
}
