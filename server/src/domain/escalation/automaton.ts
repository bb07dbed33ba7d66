/**
 * Aho-Corasick: finds every occurrence of many keys in one pass over the text, in time linear in
 * the text plus the matches, however many keys there are.
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
}

interface Node<T> {
  next: Map<string, number>;
  fail: number;
  /** Values of keys ending here, with their lengths. */
  out: { length: number; value: T }[];
}

export function buildAutomaton<T>(keys: Iterable<[string, T]>): Automaton<T> {
  const nodes: Node<T>[] = [{ next: new Map(), fail: 0, out: [] }];
  let size = 0;
  for (const [key, value] of keys) {
    let at = 0;
    // By UTF-16 unit, as scan() reads the text.
    for (let i = 0; i < key.length; i++) {
      const ch = key[i]!;
      let to = nodes[at]!.next.get(ch);
      if (to === undefined) {
        to = nodes.length;
        nodes.push({ next: new Map(), fail: 0, out: [] });
        nodes[at]!.next.set(ch, to);
      }
      at = to;
    }
    nodes[at]!.out.push({ length: key.length, value });
    size++;
  }

  // Breadth-first, so a node's failure link is final before its children need it.
  const queue: number[] = [...nodes[0]!.next.values()];
  for (let qi = 0; qi < queue.length; qi++) {
    const at = queue[qi]!;
    for (const [ch, child] of nodes[at]!.next) {
      let f = nodes[at]!.fail;
      while (f !== 0 && !nodes[f]!.next.has(ch)) f = nodes[f]!.fail;
      const target = nodes[f]!.next.get(ch);
      nodes[child]!.fail = target !== undefined && target !== child ? target : 0;
      nodes[child]!.out.push(...nodes[nodes[child]!.fail]!.out);
      queue.push(child);
    }
  }

  return {
    size,
    scan(text) {
      const found: AutomatonMatch<T>[] = [];
      let at = 0;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        while (at !== 0 && !nodes[at]!.next.has(ch)) at = nodes[at]!.fail;
        at = nodes[at]!.next.get(ch) ?? 0;
        for (const o of nodes[at]!.out) found.push({ start: i + 1 - o.length, end: i + 1, value: o.value });
      }
      return found;
    },
  };
}
