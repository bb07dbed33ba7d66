/**
 * One-edit typos of lexicon words (a letter missing, added, changed, or two neighbours swapped:
 * "suicdie", "sucidal", "myslef"), by the symmetric-delete method: every word and each of its
 * one-letter deletions are indexed once, so a look-up costs one probe per letter of the token.
 *
 * Only words of five letters or more are corrected: a short word is one edit away from too many
 * others ("skill" and "kill", "die" and "dye").
 */
export const MIN_TYPO_LENGTH = 5;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal string alignment distance of at most one: one insertion, deletion, substitution or swap. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export interface TypoIndex {
  /** The one lexicon word this token is a single edit from, or null (none, or more than one). */
  correct(token: string): string | null;
  /** Lengths a token can have and still be one edit from an indexed word. */
  readonly minLength: number;
  readonly maxLength: number;
}

export function createTypoIndex(words: Iterable<string>): TypoIndex {
  const index = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [word]);
    else if (!list.includes(word)) list.push(word);
  };
  let minLength = Infinity;
  let maxLength = 0;
  for (const word of words) {
    if ([...word].length < MIN_TYPO_LENGTH) continue;
    minLength = Math.min(minLength, word.length - 1);
    maxLength = Math.max(maxLength, word.length + 1);
    add(word, word);
    for (const d of deletions(word)) add(d, word);
  }
  return {
    minLength,
    maxLength,
    correct(token) {
      if (token.length < Math.max(minLength, MIN_TYPO_LENGTH - 1) || token.length > maxLength) return null;
      // The token itself and each of its deletions, without building the list: this runs for
      // every word no vocabulary knows.
      let found: string | null = null;
      for (let i = -1; i < token.length; i++) {
        const key = i < 0 ? token : token.slice(0, i) + token.slice(i + 1);
        const list = index.get(key);
        if (list === undefined) continue;
        for (const w of list) {
          if (w === found || !withinOneEdit(token, w)) continue;
          if (found !== null) return null;
          found = w;
        }
      }
      return found;
    },
  };
}
