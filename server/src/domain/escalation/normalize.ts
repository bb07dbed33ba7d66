/**
 * Text to the normalised word tokens the lexicon is matched against, each remembering where it
 * came from in the original text. The same function normalises the lexicon's own words, so a
 * trick undone here (su1c1de, k.i.l.l, diiiie, ZWJ inside a word, Cyrillic look-alikes) is undone
 * on both sides. With a detector's vocabulary (vocabulary.ts), words no lexicon or dictionary knows
 * are read further: doubled letters, censored letters, typos, run-together words, and words broken
 * by a line break, an emoji or a symbol (merge.ts).
 */
import * as characters from "./characters";
import { latinLookalikes } from "./confusables";
import { fastTokens, type FastScan } from "./fast-tokens";
import { mergeAcrossGaps } from "./merge";
import type { Vocabulary } from "./vocabulary";

// Bound once: a module's exports may be getters, too slow to call per character.
const { breaksWords, charInfo, emojiWord, fold, INVISIBLE, isOneCharacter, JOINERS, wordFollows } = characters;

export interface Token {
  /** Normalised: case-folded, no diacritics, leetspeak undone, letters repeated 3+ times cut to 2. */
  text: string;
  /** Had a letter repeated 3+ times (diiiie): the detector may read it loosely. */
  stretched: boolean;
  /** UTF-16 offsets in the original text, end exclusive. */
  start: number;
  end: number;
  /** Set (true) only with a vocabulary, when neither it nor the English word list could read the word. */
  unknown?: true;
}

/** What one written word reads as. */
export interface Reading {
  words: string[];
  stretched: boolean;
  /** No vocabulary or dictionary word could be read in it. */
  unknown: boolean;
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** Chat abbreviations and evasions, to the words they stand for. */
const EXPANSION_SOURCE: Record<string, string[]> = {
  kms: ["kill", "myself"],
  kmn: ["kill", "myself", "now"],
  // Aimed at someone else (abuse, not the writer's own risk): the lexicon decides what it means.
  kys: ["kill", "yourself"],
  unalive: ["kill"],
  unalived: ["killed"],
  unaliving: ["killing"],
  sewerslide: ["suicide"],
  sewerslid: ["suicide"],
  sewerslides: ["suicide"],
  // Run together or as a hashtag, spelled as the two words the lexicon reads.
  toasterbath: ["toaster", "bath"],
  topmyself: ["top", "myself"],
  ropemyself: ["rope", "myself"],
  unalivemyself: ["kill", "myself"],
  suicde: ["suicide"],
  // Censored spellings once the asterisk is gone: k*ll, s*icide, su*cide.
  kll: ["kill"],
  kiled: ["killed"],
  sicide: ["suicide"],
  sucide: ["suicide"],
  suicid: ["suicide"],
  // "catch the bus": suicide.
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

/**
 * Elongation (diiiie, killlll) is cut to two letters, not one: collapsing every double would make
 * "noose" read as "nose" and "odd" as "od". A vocabulary reads doubled letters loosely instead,
 * and only in words it does not know.
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
  return collapseRepeats(latinLookalikes(undoLeet(folded)));
}

interface RawToken {
  raw: string;
  start: number;
  end: number;
}

/** The general path: every rule, one character at a time (fast-tokens.ts is the same in one pass). */
function rawTokens(text: string): RawToken[] {
  const out: RawToken[] = [];
  let current: RawToken | null = null;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const width = ch.length;
    const reading = emojiWord(ch);
    if (reading !== undefined) {
      if (current) out.push(current);
      current = null;
      out.push({ raw: reading, start: i, end: i + width });
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

// Between the letters of a spelled-out word: spaces, punctuation or symbols, a few at most.
const SPELLING_GAP = /^[\s\p{P}\p{S}]{1,3}$/u;

/**
 * Runs of three or more single letters separated only by spaces, punctuation or symbols (k.i.l.l,
 * k i l l, s-u-i-c-i-d-e, k/m/s) become one word. With a vocabulary, a run that then reads as
 * nothing it knows stays single letters ("a, b, c").
 */
function joinSpelledOut(text: string, tokens: RawToken[], vocabulary: Vocabulary | undefined): RawToken[] {
  // Nearly every message has no run of three single letters: nothing to join.
  let singles = 0;
  for (const t of tokens) if (isOneCharacter(t.raw) && ++singles >= 3) break;
  if (singles < 3) return tokens;
  const out: RawToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j + 1 < tokens.length && isOneCharacter(tokens[j]!.raw) && isOneCharacter(tokens[j + 1]!.raw) && SPELLING_GAP.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))) j++;
    const raw = tokens.slice(i, j + 1).map((t) => t.raw).join("");
    if (j - i + 1 >= 3 && (vocabulary === undefined || !vocabulary.read(raw).unknown)) {
      out.push({ raw, start: tokens[i]!.start, end: tokens[j]!.end });
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

/** The words a normalised chat abbreviation stands for, if it is one. */
export const expansionOf = (word: string): string[] | undefined => EXPANSIONS.get(word);

// Chat repeats its words; normalising each distinct spelling once is most of the speed.
const wordCache = new Map<string, Reading>();
const WORD_CACHE_LIMIT = 50_000;

/** A word's reading with no vocabulary: normalised and abbreviations expanded. */
function plainReading(raw: string): Reading {
  let hit = wordCache.get(raw);
  if (!hit) {
    const word = normalizeWord(raw);
    hit = { words: word.length === 0 ? [] : (expansionOf(word) ?? [word]), stretched: isStretched(raw), unknown: false };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(raw, hit);
  }
  return hit;
}

/**
 * Text to tokens. With a vocabulary (createDetector passes its lexicon's), words it does not know
 * are read further (vocabulary.ts, merge.ts); without one, only the lexicon-independent rules apply.
 */
export function tokenize(text: string, vocabulary?: Vocabulary): Token[] {
  reading = vocabulary;
  unknownWords = 0;
  let tokens = fastTokens(text, pushWord, fastScan);
  let broken = fastScan.broken;
  if (tokens === null) {
    unknownWords = 0;
    tokens = [];
    for (const t of joinSpelledOut(text, rawTokens(text), vocabulary)) pushWord(tokens, t.raw, t.start, t.end);
    broken = brokenWord(text);
  }
  return vocabulary !== undefined && (unknownWords > 0 || broken) ? mergeAcrossGaps(text, tokens, vocabulary) : tokens;
}

const fastScan: FastScan = { broken: false };

// The vocabulary of the tokenize() call in progress, and how many words it could not read: module
// state, not a closure per call, since tokenising is synchronous and runs for every message.
let reading: Vocabulary | undefined;
let unknownWords = 0;

function pushWord(tokens: Token[], raw: string, start: number, end: number): void {
  const { words, stretched, unknown } = reading === undefined ? plainReading(raw) : reading.read(raw);
  for (let i = 0; i < words.length; i++) tokens.push(unknown ? { text: words[i]!, start, end, stretched, unknown } : { text: words[i]!, start, end, stretched });
  if (unknown) unknownWords++;
}

/**
 * A line break, or an emoji right after a letter: either may split a word whose halves are both
 * words ("sui\ncide", "ki🔪ll"), so the merge step must look even when every word was read.
 */
function brokenWord(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
    if (code > 0x2000 && breaksWords(code) && charInfo(text[i - 1]!).word) return true;
  }
  return false;
}
