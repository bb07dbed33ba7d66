/**
 * Aho-Corasick: finds every occurrence of many keys in one pass over the text, in time linear in
 * the text plus the matches, however many keys there are.
 *
 * The failure links are resolved at build time into one dense transition table over the keys'
 * own alphabet (a character no key contains sends the scan back to the root), so scanning is one
 * array read per character, with no map lookups and no allocation.
 */

export interface AutomatonMatch<T> {
  /** Index of the match's first character in the scanned text. */
  start: number;
  /** Index after its last character. */
  end: number;
  value: T;
}

export interface Automaton<T> {
  scan(text: string): AutomatonMatch<T>[];
  readonly size: number;
  /** The state before any character. */
  readonly root: number;
  /** The state after reading one UTF-16 code unit. */
  step(state: number, code: number): number;
  /** Indices (in build order) of the keys that end at this state, or null. */
  ends(state: number): readonly number[] | null;
  /** The length of the key with this index, in UTF-16 code units. */
  keyLength(index: number): number;
  value(index: number): T;
}

export function buildAutomaton<T>(keys: Iterable<[string, T]>): Automaton<T> {
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  const values: T[] = [];
  const lengths: number[] = [];
  for (const [key, value] of keys) {
    let at = 0;
    // By UTF-16 unit, as scan() reads the text.
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let to = children[at]!.get(code);
      if (to === undefined) {
        to = children.length;
        children.push(new Map());
        own.push([]);
        children[at]!.set(code, to);
      }
      at = to;
    }
    own[at]!.push(values.length);
    values.push(value);
    lengths.push(key.length);
  }

  // Symbol 0 is every character that no key contains.
  const asciiSymbol = new Int32Array(128);
  const otherSymbol = new Map<number, number>();
  let width = 1;
  for (const map of children) {
    for (const code of map.keys()) {
      if (code < 128 ? asciiSymbol[code] === 0 : !otherSymbol.has(code)) {
        if (code < 128) asciiSymbol[code] = width;
        else otherSymbol.set(code, width);
        width++;
      }
    }
  }
  const symbolOf = (code: number): number => (code < 128 ? asciiSymbol[code]! : (otherSymbol.get(code) ?? 0));

  const next = new Int32Array(children.length * width);
  const fail = new Int32Array(children.length);
  const ends: (number[] | null)[] = new Array<number[] | null>(children.length).fill(null);
  // Breadth-first, so a node's failure link and row are final before its children need them.
  const queue: number[] = [0];
  for (let qi = 0; qi < queue.length; qi++) {
    const at = queue[qi]!;
    const found = at === 0 ? own[0]! : [...own[at]!, ...(ends[fail[at]!] ?? [])];
    ends[at] = found.length > 0 ? found : null;
    const row = at * width;
    const failRow = fail[at]! * width;
    for (let s = 0; s < width; s++) next[row + s] = at === 0 ? 0 : next[failRow + s]!;
    for (const [code, child] of children[at]!) {
      const s = symbolOf(code);
      fail[child] = at === 0 ? 0 : next[failRow + s]!;
      next[row + s] = child;
      queue.push(child);
    }
  }

  const step = (state: number, code: number): number => next[state * width + symbolOf(code)]!;
  return {
    size: values.length,
    root: 0,
    step,
    ends: (state) => ends[state]!,
    keyLength: (index) => lengths[index]!,
    value: (index) => values[index]!,
    scan(text) {
      const found: AutomatonMatch<T>[] = [];
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        state = step(state, text.charCodeAt(i));
        const here = ends[state];
        if (here) for (const k of here) found.push({ start: i + 1 - lengths[k]!, end: i + 1, value: values[k]! });
      }
      return found;
    },
  };
}
