/**
 * Run-together words ("killmyself", "#iwanttodie") cut back into words: a token is split only into
 * pieces that are all words the vocabulary knows, at least one of them a content word of the
 * lexicon, and into as few pieces as possible.
 */

/** Longer tokens are left alone: the work stays bounded whatever is typed. */
export const MAX_SEGMENT_INPUT = 40;
const MAX_PIECE = 24;

export interface SegmentWords {
  /**
   * What a piece costs: 0 if it is no word; otherwise fewer for a word the lexicon or the function
   * words list, more for one only derived from a lexicon stem ("killing" for `kil*`), so that
   * "jumpoffabridge" is "jump off a bridge" and not "jumpoff a bridge".
   */
  pieceCost(piece: string): number;
  /** A piece that carries the lexicon's meaning (not a pronoun or a function word). */
  isContent(piece: string): boolean;
}

/** The cheapest pieces that spell `token`, with at least one content piece; null if there is none. */
export function segment(token: string, words: SegmentWords): string[] | null {
  const n = token.length;
  if (n < 2 || n > MAX_SEGMENT_INPUT) return null;
  // best[i][c]: the cheapest pieces spelling token[0, i), with (c = 1) or without (c = 0) a content piece.
  const best: number[][] = Array.from({ length: n + 1 }, () => [Infinity, Infinity]);
  const from: [number, number][][] = Array.from({ length: n + 1 }, () => [
    [-1, 0],
    [-1, 0],
  ]);
  best[0]![0] = 0;
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - MAX_PIECE); start < end; start++) {
      if (best[start]![0] === Infinity && best[start]![1] === Infinity) continue;
      const piece = token.slice(start, end);
      const cost = words.pieceCost(piece);
      if (cost === 0) continue;
      const content = words.isContent(piece) ? 1 : 0;
      for (const c of [0, 1] as const) {
        const count = best[start]![c]! + cost;
        const to = c === 1 || content === 1 ? 1 : 0;
        if (count < best[end]![to]!) {
          best[end]![to] = count;
          from[end]![to] = [start, c];
        }
      }
    }
  }
  if (best[n]![1] === Infinity) return null;
  const pieces: string[] = [];
  let at = n;
  let c = 1;
  while (at > 0) {
    const [start, prev] = from[at]![c]!;
    pieces.unshift(token.slice(start, at));
    at = start;
    c = prev;
  }
  return pieces.length >= 2 ? pieces : null;
}
