/**
 * The crisis-language detector: normalise, find every lexicon phrase in one automaton pass, drop
 * figurative uses, lower the tier of negated, past, hypothetical or reported mentions (never to
 * nothing), and raise it when several kinds of risk appear together. No I/O: a pure function of the
 * lexicon and the text.
 */
import { buildAutomaton } from "./automaton";
import { compilePattern, SEVERITIES, type Category, type Chain, type Lexicon, type LexiconEntry, type Severity } from "./lexicon";
import { looseForm, tokenize, type Token } from "./normalize";

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

type Role = { kind: "entry"; entry: LexiconEntry } | { kind: "exclude"; entry: LexiconEntry | null } | { kind: "modifier"; modifier: keyof Lexicon["modifiers"] };

interface CompiledChain {
  chain: Chain;
  role: Role;
}

interface Span {
  /** Token indices, end exclusive. */
  from: number;
  to: number;
}

const LOOKBEHIND = 4;
const LOOKAHEAD = 2;

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const lower = (s: Severity): Severity => SEVERITIES[Math.max(0, rank(s) - 1)]!;
const raise = (s: Severity): Severity => SEVERITIES[Math.min(SEVERITIES.length - 1, rank(s) + 1)]!;
const overlaps = (a: Span, b: Span) => a.from < b.to && b.from < a.to;

export function createDetector(lexicon: Lexicon): Detector {
  const chains: CompiledChain[] = [];
  const add = (patterns: string[], role: Role) => {
    for (const p of patterns) for (const chain of compilePattern(p)) chains.push({ chain, role });
  };
  for (const entry of lexicon.entries) {
    add(entry.patterns, { kind: "entry", entry });
    add(entry.exclude ?? [], { kind: "exclude", entry });
  }
  add(lexicon.exclusions, { kind: "exclude", entry: null });
  for (const modifier of Object.keys(lexicon.modifiers) as (keyof Lexicon["modifiers"])[]) add(lexicon.modifiers[modifier], { kind: "modifier", modifier });

  // Chains are looked up by their first key; every key goes into one automaton.
  const byFirstKey = new Map<string, CompiledChain[]>();
  const keys = new Set<string>();
  for (const c of chains) {
    for (const link of c.chain) keys.add(link.key);
    const first = c.chain[0]!.key;
    const list = byFirstKey.get(first) ?? [];
    list.push(c);
    byFirstKey.set(first, list);
  }
  const automaton = buildAutomaton([...keys].map((k) => [k, k] as [string, string]));
  // Lexicon words by their loose form, to read stretched words ("diiiie", "sooo") as the word meant.
  const vocabulary = new Set([...keys].flatMap((k) => k.trim().split(" ")));
  const byLooseForm = new Map<string, string>();
  for (const w of vocabulary) if (!byLooseForm.has(looseForm(w))) byLooseForm.set(looseForm(w), w);
  const wordOf = (t: Token) => (t.stretched && !vocabulary.has(t.text) ? (byLooseForm.get(looseForm(t.text)) ?? t.text) : t.text);

  function findAll(tokens: Token[]): { role: Role; span: Span }[] {
    // " w1 w2 w3 ": every token starts one character after a space.
    let text = " ";
    const tokenAt = new Map<number, number>();
    tokens.forEach((t, i) => {
      tokenAt.set(text.length, i);
      text += `${wordOf(t)} `;
    });
    // Where each key occurs: token index of its first word.
    const occurrences = new Map<string, Set<number>>();
    for (const m of automaton.scan(text)) {
      const first = tokenAt.get(m.start + 1);
      if (first === undefined) continue;
      const set = occurrences.get(m.value) ?? new Set<number>();
      set.add(first);
      occurrences.set(m.value, set);
    }
    const found: { role: Role; span: Span }[] = [];
    for (const [key, starts] of occurrences) {
      for (const c of byFirstKey.get(key) ?? []) {
        for (const start of starts) {
          const end = follow(c.chain, 1, start + c.chain[0]!.words, occurrences);
          if (end !== null) found.push({ role: c.role, span: { from: start, to: end } });
        }
      }
    }
    return found;
  }

  /** Where the rest of a chain ends, if its links occur in order within their gaps. */
  function follow(chain: Chain, link: number, at: number, occurrences: Map<string, Set<number>>): number | null {
    if (link === chain.length) return at;
    const { key, words, maxGap } = chain[link]!;
    const starts = occurrences.get(key);
    if (!starts) return null;
    for (let gap = 0; gap <= maxGap; gap++) {
      if (starts.has(at + gap)) {
        const end = follow(chain, link + 1, at + gap + words, occurrences);
        if (end !== null) return end;
      }
    }
    return null;
  }

  function scan(text: string): Detection {
    const tokens = tokenize(text);
    const sentenceOf = sentences(text, tokens);
    const all = findAll(tokens);
    const excluded = all.filter((f) => f.role.kind === "exclude");
    const modifiers = all.filter((f): f is { role: Extract<Role, { kind: "modifier" }>; span: Span } => f.role.kind === "modifier");

    const hits: DetectorMatch[] = [];
    const seen = new Set<string>();
    for (const f of all) {
      if (f.role.kind !== "entry") continue;
      const entry = f.role.entry;
      const cancelled = excluded.some((x) => (x.role.kind === "exclude" && (x.role.entry === null || x.role.entry === entry)) && overlaps(x.span, f.span));
      if (cancelled) continue;
      const dedupe = `${entry.id}:${f.span.from}:${f.span.to}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const sentence = sentenceOf[f.span.from];
      const softened =
        entry.reported === true ||
        modifiers.some((m) => {
          if (sentenceOf[m.span.from] !== sentence) return false;
          const after = m.span.from >= f.span.to && m.span.from <= f.span.to + LOOKAHEAD;
          if (m.role.modifier === "after") return after;
          if (m.role.modifier === "joking" && after) return true;
          return m.span.to <= f.span.from && m.span.to >= f.span.from - LOOKBEHIND;
        });
      const first = tokens[f.span.from]!;
      const last = tokens[f.span.to - 1]!;
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
    const enforced = hits.filter((h) => !h.shadow);
    return { ...summarise(enforced), matches: enforced, shadow: hits.filter((h) => h.shadow) };
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
