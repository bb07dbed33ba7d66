/**
 * The tokeniser's fast path: one pass from the text to tokens, each word one slice of the text,
 * with no intermediate objects; ASCII characters are classified by table. The same rules as the
 * general path (normalize.ts), checked against it in the tests. Gives up (null) where only the
 * general path can decide: an invisible character or combining mark inside a word, a run of three
 * single-character words (maybe spelled out, k.i.l.l), or a "!" right after an emoji read as a word.
 */
import * as characters from "./characters";
import type { Token } from "./normalize";

// Bound once: a module's exports may be getters, too slow to call per character.
const { ASCII_CLASS, breaksWords, charInfo, emojiWord, isLetterAt, JOINERS, wordFollows } = characters;

export type PushWord = (tokens: Token[], raw: string, start: number, end: number) => void;

const EMOJI = 3;
const INVISIBLE = 4;

/** A character's class on the fast path (see ASCII_CLASS), EMOJI, or INVISIBLE. */
function classOf(ch: string): number {
  if (emojiWord(ch) !== undefined) return EMOJI;
  if (JOINERS.has(ch)) return 2;
  const info = charInfo(ch);
  if (info.invisible) return INVISIBLE;
  return info.word ? 1 : 0;
}

/** What the pass saw besides its tokens. */
export interface FastScan {
  /** A line break, or an emoji or symbol right after a word: a word may be broken in two there. */
  broken: boolean;
}

export function fastTokens(text: string, pushWord: PushWord, scan: FastScan): Token[] | null {
  scan.broken = false;
  const tokens: Token[] = [];
  const n = text.length;
  let start = -1;
  let singles = 0;
  // The last word pushed, which a "!" inside a word (k!ll) reopens.
  let lastStart = -1;
  let lastEnd = -1;
  let lastCount = 0;
  let lastEmoji = false;
  for (let i = 0; i <= n; ) {
    let cls = 0;
    let width = 1;
    let ch = "";
    if (i < n) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        cls = ASCII_CLASS[code]!;
        if (code === 10 || code === 13) scan.broken = true;
      } else {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) width = 2;
        ch = String.fromCodePoint(cp);
        cls = classOf(ch);
        if (start >= 0 && cls !== 1 && breaksWords(code)) scan.broken = true;
        // Dropped from inside a word, so the word is no longer one slice; elsewhere a separator.
        if (cls === INVISIBLE) {
          if (start >= 0) return null;
          cls = 0;
        }
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
      lastEmoji = false;
      pushWord(tokens, text.slice(start, i), start, i);
      start = -1;
    }
    if (cls === EMOJI) {
      singles = 0;
      lastEnd = i + width;
      lastEmoji = true;
      pushWord(tokens, emojiWord(ch)!, i, i + width);
    } else if (i < n && text.charCodeAt(i) === 33 && lastEnd === i && i + 1 < n && isLetterAt(text, i + 1)) {
      if (lastEmoji) return null;
      tokens.length = lastCount;
      start = lastStart;
      singles = 0;
    }
    i += width;
  }
  return tokens;
}
