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
  ima: ["im", "going", "to"],
  idw: ["i", "dont", "want"],
  idc: ["i", "dont", "care"],
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

// ASCII classes for the fast path: 1 a word character, 2 a joiner, 0 anything else.
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_CLASS[c] = WORD_CHAR.test(ch) ? 1 : JOINERS.has(ch) ? 2 : 0;
}
const isAsciiLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

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

const isOneCharacter = (raw: string) => raw.length === 1 || (raw.length === 2 && raw.codePointAt(0)! > 0xffff);

/**
 * Runs of three or more single letters separated only by spelling separators (k.i.l.l, k i l l,
 * s-u-i-c-i-d-e) become one word.
 */
function joinSpelledOut(text: string, tokens: RawToken[]): RawToken[] {
  // Nearly every message has no run of three single letters: nothing to join.
  let singles = 0;
  for (const t of tokens) if (isOneCharacter(t.raw) && ++singles >= 3) break;
  if (singles < 3) return tokens;
  const out: RawToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (
      j + 1 < tokens.length &&
      isOneCharacter(tokens[j]!.raw) &&
      isOneCharacter(tokens[j + 1]!.raw) &&
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
// A Map, not an object: a word like "constructor" must not find Object.prototype's.
const EXPANSIONS = new Map<string, string[]>(Object.entries(EXPANSION_SOURCE).map(([k, words]) => [normalizeWord(k), words.map(normalizeWord)]));

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

function pushWord(tokens: Token[], raw: string, start: number, end: number): void {
  const { word, stretched } = normalized(raw);
  if (word.length === 0) return;
  const expanded = EXPANSIONS.get(word);
  if (expanded === undefined) tokens.push({ text: word, start, end, stretched });
  else for (const w of expanded) tokens.push({ text: w, start, end, stretched });
}

const LAUGH = 3;
const BAIL = -1;

/** A character's class on the fast path (see ASCII_CLASS), LAUGH, or BAIL for the general path. */
function classOf(ch: string): number {
  if (LAUGHING.has(ch)) return LAUGH;
  if (JOINERS.has(ch)) return 2;
  const info = charInfo(ch);
  // An invisible character is dropped from inside a word, so the word is no longer one slice.
  if (info.invisible) return BAIL;
  return info.word ? 1 : 0;
}

const isLetterAt = (text: string, i: number) => {
  const code = text.charCodeAt(i);
  return code < 128 ? isAsciiLetter(code) : /\p{L}/u.test(text[i]!);
};

/**
 * tokenize() in one pass from the text to tokens, each word one slice of the text, with no
 * intermediate objects; ASCII characters are classified by table. The same rules as rawTokens(),
 * checked against it in the tests. Gives up (null) where only the general path can decide: an
 * invisible character, a run of three single-character words (maybe spelled out, k.i.l.l), or a
 * "!" right after a laughing emoji.
 */
function fastTokens(text: string): Token[] | null {
  const tokens: Token[] = [];
  const n = text.length;
  let start = -1;
  let singles = 0;
  // The last word pushed, which a "!" inside a word (k!ll) reopens.
  let lastStart = -1;
  let lastEnd = -1;
  let lastCount = 0;
  let lastLaugh = false;
  for (let i = 0; i <= n; ) {
    let cls = 0;
    let width = 1;
    if (i < n) {
      const code = text.charCodeAt(i);
      if (code < 128) cls = ASCII_CLASS[code]!;
      else {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) width = 2;
        cls = classOf(String.fromCodePoint(cp));
        if (cls === BAIL) return null;
      }
    }
    if (cls === 1) {
      if (start < 0) start = i;
      i += width;
      continue;
    }
    if (cls === 2 && start >= 0 && wordFollows(text, i + width)) {
      i += width;
      continue;
    }
    if (start >= 0) {
      singles = i - start === 1 || (i - start === 2 && text.codePointAt(start)! > 0xffff) ? singles + 1 : 0;
      if (singles >= 3) return null;
      lastStart = start;
      lastEnd = i;
      lastCount = tokens.length;
      lastLaugh = false;
      pushWord(tokens, text.slice(start, i), start, i);
      start = -1;
    }
    if (cls === LAUGH) {
      singles = 0;
      lastEnd = i + width;
      lastLaugh = true;
      pushWord(tokens, "lol", i, i + width);
    } else if (i < n && text.charCodeAt(i) === 33 && lastEnd === i && i + 1 < n && isLetterAt(text, i + 1)) {
      if (lastLaugh) return null;
      tokens.length = lastCount;
      start = lastStart;
      singles = 0;
    }
    i += width;
  }
  return tokens;
}

export function tokenize(text: string): Token[] {
  const fast = fastTokens(text);
  if (fast !== null) return fast;
  const tokens: Token[] = [];
  for (const t of joinSpelledOut(text, rawTokens(text))) pushWord(tokens, t.raw, t.start, t.end);
  return tokens;
}
