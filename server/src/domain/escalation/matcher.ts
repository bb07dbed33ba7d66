/**
 * Finds every lexicon pattern in a normalised word stream: all pattern words are keys of one
 * Aho-Corasick automaton fed the words directly (no joined copy of the text), and patterns with
 * gaps or mid-pattern prefixes are chains of keys checked by position afterwards.
 */
import { buildAutomaton } from "./automaton";
import { compilePattern } from "./lexicon";
import { looseForm, type Token } from "./normalize";

export interface Found<R> {
  role: R;
  /** Token indices, end exclusive. */
  from: number;
  to: number;
}

export interface Matcher<R> {
  find(tokens: readonly Token[]): Found<R>[];
}

interface Link {
  key: number;
  words: number;
  maxGap: number;
}

interface CompiledChain<R> {
  links: Link[];
  role: R;
}

const SPACE = 32;

export function createMatcher<R>(patterns: Iterable<[string, R]>): Matcher<R> {
  const keyIndex = new Map<string, number>();
  const chains: CompiledChain<R>[] = [];
  for (const [pattern, role] of patterns) {
    for (const chain of compilePattern(pattern)) {
      const links = chain.map((l) => {
        let key = keyIndex.get(l.key);
        if (key === undefined) keyIndex.set(l.key, (key = keyIndex.size));
        return { key, words: l.words, maxGap: l.maxGap };
      });
      chains.push({ links, role });
    }
  }
  const keys = [...keyIndex.keys()];
  const automaton = buildAutomaton(keys.map((k, i) => [k, i] as [string, number]));
  const keyWords = keys.map((k) => k.trim().split(" ").length);
  // Chains by their first key; a key that starts no chain is only ever a later link.
  const byFirstKey: (CompiledChain<R>[] | undefined)[] = new Array<CompiledChain<R>[] | undefined>(keys.length);
  for (const c of chains) (byFirstKey[c.links[0]!.key] ??= []).push(c);

  // Lexicon words by their loose form, to read stretched words ("diiiie", "sooo") as the word meant.
  const vocabulary = new Set(keys.flatMap((k) => k.trim().split(" ")));
  const byLooseForm = new Map<string, string>();
  for (const w of vocabulary) if (!byLooseForm.has(looseForm(w))) byLooseForm.set(looseForm(w), w);
  const wordOf = (t: Token) => (t.stretched && !vocabulary.has(t.text) ? (byLooseForm.get(looseForm(t.text)) ?? t.text) : t.text);

  // Reused by every find(): scanning is synchronous, and a message then allocates almost nothing.
  const occurs = new Set<number>();
  const firsts: number[] = [];
  let stride = 0;

  function record(state: number, token: number): void {
    for (const k of automaton.ends(state)!) {
      const start = token - keyWords[k]! + 1;
      const code = k * stride + start;
      if (start < 0 || occurs.has(code)) continue;
      occurs.add(code);
      if (byFirstKey[k] !== undefined) firsts.push(k, start);
    }
  }

  /** Where the rest of a chain ends, if its links occur in order within their gaps. */
  function follow(links: Link[], link: number, at: number, words: number): number | null {
    if (link === links.length) return at;
    const { key, words: length, maxGap } = links[link]!;
    // No key starts past the last word (and the code would alias the next key's).
    for (let gap = 0; gap <= maxGap && at + gap < words; gap++) {
      if (occurs.has(key * stride + at + gap)) {
        const end = follow(links, link + 1, at + gap + length, words);
        if (end !== null) return end;
      }
    }
    return null;
  }

  function find(tokens: readonly Token[]): Found<R>[] {
    // An occurrence is key * stride + the token index of its first word.
    stride = tokens.length + 1;
    occurs.clear();
    firsts.length = 0;
    // As if over " w1 w2 w3 ": every key starts with a space, so every match starts at a word.
    let state = automaton.step(automaton.root, SPACE);
    for (let i = 0; i < tokens.length; i++) {
      const word = wordOf(tokens[i]!);
      for (let c = 0; c < word.length; c++) {
        state = automaton.step(state, word.charCodeAt(c));
        if (automaton.ends(state) !== null) record(state, i);
      }
      state = automaton.step(state, SPACE);
      if (automaton.ends(state) !== null) record(state, i);
    }

    const found: Found<R>[] = [];
    for (let j = 0; j < firsts.length; j += 2) {
      const start = firsts[j + 1]!;
      for (const c of byFirstKey[firsts[j]!]!) {
        const end = follow(c.links, 1, start + c.links[0]!.words, tokens.length);
        if (end !== null) found.push({ role: c.role, from: start, to: end });
      }
    }
    return found;
  }

  return { find };
}
