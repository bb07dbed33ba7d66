/**
 * Whether a word is a real English word (about 275,000 from the `an-array-of-english-words`
 * package), so that typo correction, segmentation and loose reading leave real words alone:
 * "overdoes" is not "overdose", "therapist" is not "the rapist", "skilled" stays "skilled".
 *
 * The list is kept as the one sorted JSON string it ships as, with an offset per word, and searched
 * by bisection: a few megabytes instead of a Set of 275,000 strings, and loaded on first use (only
 * words no lexicon knows ask).
 */
import { readFileSync } from "node:fs";

interface WordList {
  text: string;
  /** Start of each word in `text`; each ends at the next quote. */
  starts: Uint32Array;
}

let list: WordList | null = null;

function load(): WordList {
  // The file is a sorted JSON array of lower-case a-z words, no escapes: ["a","aa",...].
  const text = readFileSync(require.resolve("an-array-of-english-words/index.json"), "latin1");
  const starts: number[] = [];
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', text.indexOf('"', i + 1) + 1)) starts.push(i + 1);
  return { text, starts: Uint32Array.from(starts) };
}

/** -1, 0 or 1 as the listed word at `start` sorts before, equal to or after `word`. */
function compareAt(text: string, start: number, word: string): number {
  for (let k = 0; ; k++) {
    const a = text.charCodeAt(start + k);
    const listedEnded = a === 34;
    if (k === word.length) return listedEnded ? 0 : 1;
    if (listedEnded) return -1;
    const b = word.charCodeAt(k);
    if (a !== b) return a < b ? -1 : 1;
  }
}

export function isEnglishWord(word: string): boolean {
  if (!/^[a-z]+$/.test(word)) return false;
  list ??= load();
  const { text, starts } = list;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareAt(text, starts[mid]!, word);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
