/**
 * Text to the normalised word tokens the lexicon is matched against, each remembering where it
 * came from in the original text. The same function normalises the lexicon's own words, so a
 * trick undone here (su1c1de, k.i.l.l, diiiie, ZWJ inside a word) is undone on both sides.
 */

export interface Token {
  /** Normalised: case-folded, no diacritics, leetspeak undone, letters repeated 3+ times cut to 2. */
  text: string;
  /** Had a letter repeated 3+ times (diiiie): the detector may read it loosely. */
  stretched: boolean;
  /** UTF-16 offsets in the original text, end exclusive. */
  start: number;
  end: number;
}

// Zero-width and other invisible format characters (ZWSP, ZWJ, soft hyphen, BOM, bidi marks...).
const INVISIBLE = /[\p{Cf}\u00AD]/u;
const MARKS = /\p{M}+/gu;
const WORD_CHAR = /[\p{L}\p{N}@$]/u;
// Inside a word these are decoration, not separators: don't, k*ll, s-u-i-c-i-d-e.
const JOINERS = new Set(["'", "\u2019", "*", "\\"]);
// Laughing emoji read as a word, so "kms 💀" is recognised as a joke.
const LAUGHING = new Set(["\u{1F602}", "\u{1F923}", "\u{1F480}", "\u{1F606}", "\u{1F639}"]);
const SPELLING_SEPARATORS = new Set([".", "-", "_", " ", "*"]);

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** Chat abbreviations and evasions, to the words they stand for. */
const EXPANSION_SOURCE: Record<string, string[]> = {
  kms: ["kill", "myself"],
  kmn: ["kill", "myself", "now"],
  kys: ["kill", "yourself"],
  unalive: ["kill"],
  unalived: ["killed"],
  unaliving: ["killing"],
  sewerslide: ["suicide"],
  sewerslid: ["suicide"],
  suicde: ["suicide"],
  // Censored spellings once the asterisk is gone: k*ll, s*icide, su*cide.
  kll: ["kill"],
  kiled: ["killed"],
  sicide: ["suicide"],
  sucide: ["suicide"],
  suicid: ["suicide"],
  ctb: ["suicide"],
  od: ["overdose"],
  oding: ["overdosing"],
  sh: ["self", "harm"],
  selfharm: ["self", "harm"],
  wanna: ["want", "to"],
  gonna: ["going", "to"],
  imma: ["im", "going", "to"],
  cant: ["cant"],
  ur: ["your"],
  u: ["you"],
};

const foldCache = new Map<string, string>();

/** One character folded: compatibility forms, case, diacritics. Cached: chat uses few characters. */
function fold(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = ch.normalize("NFKC").toLowerCase().normalize("NFD").replace(MARKS, "");
    if (foldCache.size < 10_000) foldCache.set(ch, folded);
  }
  return folded;
}

interface CharInfo {
  word: boolean;
  invisible: boolean;
}
const infoCache = new Map<string, CharInfo>();

const ASCII_INFO: CharInfo[] = [];

function charInfo(ch: string): CharInfo {
  const code = ch.charCodeAt(0);
  if (code < 128 && ASCII_INFO[code]) return ASCII_INFO[code];
  let info = infoCache.get(ch);
  if (!info) {
    const folded = fold(ch);
    const invisible = INVISIBLE.test(ch);
    info = { invisible, word: folded.length > 0 && !invisible && [...folded].every((c) => WORD_CHAR.test(c)) };
    if (code < 128) ASCII_INFO[code] = info;
    else if (infoCache.size < 10_000) infoCache.set(ch, info);
  }
  return info;
}

/**
 * Elongation (diiiie, killlll) is cut to two letters, not one: collapsing every double would make
 * "noose" read as "nose" and "odd" as "od". The detector reads stretched words loosely instead.
 */
function collapseRepeats(s: string): string {
  return s.replace(/(.)\1{2,}/gu, "$1$1");
}

/** Every repeated letter once: the loose form used to recognise a stretched word. */
export const looseForm = (word: string): string => word.replace(/(.)\1+/gu, "$1");

const isStretched = (raw: string): boolean => /(\p{L})\1{2,}/iu.test(raw);

function undoLeet(word: string): string {
  // Only where the word has letters: "2021" and "1" stay numbers.
  if (!/\p{L}/u.test(word)) return word;
  return [...word].map((c) => LEET[c] ?? c).join("");
}

/** Normalises one word the way text words are normalised. */
export function normalizeWord(raw: string): string {
  const folded = [...raw].filter((c) => !INVISIBLE.test(c) && !JOINERS.has(c)).map(fold).join("");
  return collapseRepeats(undoLeet(folded));
}

interface RawToken {
  raw: string;
  start: number;
  end: number;
}

/** Whether a word character comes next, past any further joiners (sh\\*t). */
function wordFollows(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && JOINERS.has(text[j]!)) j++;
  return j < text.length && WORD_CHAR.test(text[j]!);
}

function rawTokens(text: string): RawToken[] {
  const out: RawToken[] = [];
  let current: RawToken | null = null;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const width = ch.length;
    if (LAUGHING.has(ch)) {
      if (current) out.push(current);
      current = null;
      out.push({ raw: "lol", start: i, end: i + width });
      i += width;
      continue;
    }
    const info = charInfo(ch);
    const isWord = info.word;
    const joins = current !== null && (info.invisible || (JOINERS.has(ch) && wordFollows(text, i + width)));
    if (isWord) {
      if (!current) current = { raw: "", start: i, end: i };
      current.raw += ch;
      current.end = i + width;
    } else if (!joins) {
      if (current) out.push(current);
      current = null;
      // "!" is a word character only as leetspeak inside a word (k!ll), never at its edges.
      if (ch === "!" && out.length > 0 && i + 1 < text.length && /\p{L}/u.test(text[i + 1]!) && out.at(-1)!.end === i) {
        current = out.pop()!;
        current.raw += "!";
        current.end = i + 1;
      }
    } else if (current && JOINERS.has(ch)) {
      current.raw += ch;
      current.end = i + width;
    }
    i += width;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Runs of three or more single letters separated only by spelling separators (k.i.l.l, k i l l,
 * s-u-i-c-i-d-e) become one word.
 */
function joinSpelledOut(text: string, tokens: RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (
      j + 1 < tokens.length &&
      [...tokens[j]!.raw].length === 1 &&
      [...tokens[j + 1]!.raw].length === 1 &&
      [...text.slice(tokens[j]!.end, tokens[j + 1]!.start)].every((c) => SPELLING_SEPARATORS.has(c))
    ) {
      j++;
    }
    if (j - i + 1 >= 3) {
      out.push({ raw: tokens.slice(i, j + 1).map((t) => t.raw).join(""), start: tokens[i]!.start, end: tokens[j]!.end });
      i = j + 1;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return out;
}

// Keys and words in the same normalised form as text tokens (so "gonna" is looked up as "gona").
const EXPANSIONS: Record<string, string[]> = Object.fromEntries(
  Object.entries(EXPANSION_SOURCE).map(([k, words]) => [normalizeWord(k), words.map(normalizeWord)]),
);

// Chat repeats its words; normalising each distinct spelling once is most of the speed.
const wordCache = new Map<string, { word: string; stretched: boolean }>();
const WORD_CACHE_LIMIT = 50_000;

function normalized(raw: string): { word: string; stretched: boolean } {
  let hit = wordCache.get(raw);
  if (!hit) {
    hit = { word: normalizeWord(raw), stretched: isStretched(raw) };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(raw, hit);
  }
  return hit;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const t of joinSpelledOut(text, rawTokens(text))) {
    const { word, stretched } = normalized(t.raw);
    if (word.length === 0) continue;
    for (const expanded of EXPANSIONS[word] ?? [word]) tokens.push({ text: expanded, start: t.start, end: t.end, stretched });
  }
  return tokens;
}
