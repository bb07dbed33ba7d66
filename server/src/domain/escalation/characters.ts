/**
 * What each character is to the tokeniser: part of a word, a joiner inside one, an invisible or
 * combining mark dropped from inside one, an emoji read as a word, or a separator. Classified once
 * per distinct character (cached): chat uses few.
 */
import { EMOJI_WORDS } from "./emoji-words";

// Zero-width and other invisible format characters (ZWSP, ZWJ, soft hyphen, BOM, bidi marks...).
export const INVISIBLE = /[\p{Cf}\u00AD]/u;
const MARKS = /\p{M}+/gu;
const MARK = /^\p{M}$/u;
export const WORD_CHAR = /[\p{L}\p{N}@$]/u;
// Inside a word these are decoration, not separators: don't, k*ll, s-u-i-c-i-d-e.
export const JOINERS = new Set(["'", "\u2019", "*", "\\"]);

const foldCache = new Map<string, string>();

/** One character folded: compatibility forms, case, diacritics. */
export function fold(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = ch.normalize("NFKC").toLowerCase().normalize("NFD").replace(MARKS, "");
    if (foldCache.size < 10_000) foldCache.set(ch, folded);
  }
  return folded;
}

export interface CharInfo {
  word: boolean;
  /** Dropped from inside a word: invisible format characters and combining marks (zalgo, ZWJ). */
  invisible: boolean;
}
const infoCache = new Map<string, CharInfo>();
const ASCII_INFO: CharInfo[] = [];

export function charInfo(ch: string): CharInfo {
  const code = ch.charCodeAt(0);
  if (code < 128 && ASCII_INFO[code]) return ASCII_INFO[code];
  let info = infoCache.get(ch);
  if (!info) {
    const folded = fold(ch);
    const invisible = INVISIBLE.test(ch) || MARK.test(ch);
    info = { invisible, word: folded.length > 0 && !invisible && [...folded].every((c) => WORD_CHAR.test(c)) };
    if (code < 128) ASCII_INFO[code] = info;
    else if (infoCache.size < 10_000) infoCache.set(ch, info);
  }
  return info;
}

/** The word an emoji reads as ("pills" for 💊, "lol" for 💀), if any. */
export const emojiWord = (ch: string): string | undefined => EMOJI_WORDS.get(ch);

/** Whether a word character comes next, past any further joiners (sh\\*t). */
export function wordFollows(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && JOINERS.has(text[j]!)) j++;
  return j < text.length && WORD_CHAR.test(text[j]!);
}

// ASCII classes for the fast path: 1 a word character, 2 a joiner, 0 anything else.
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_CLASS[c] = WORD_CHAR.test(ch) ? 1 : JOINERS.has(ch) ? 2 : 0;
}
const isAsciiLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

export const isLetterAt = (text: string, i: number) => {
  const code = text.charCodeAt(i);
  return code < 128 ? isAsciiLetter(code) : /\p{L}/u.test(text[i]!);
};

export const isOneCharacter = (raw: string) => raw.length === 1 || (raw.length === 2 && raw.codePointAt(0)! > 0xffff);

/**
 * A UTF-16 unit that may break a word in two: a line break, or part of an emoji or pictograph
 * (surrogates; arrows, symbols and dingbats, U+2190 to U+2BFF).
 */
export const breaksWords = (code: number): boolean => code === 10 || code === 13 || (code >= 0xd800 && code < 0xdc00) || (code >= 0x2190 && code < 0x2c00);
