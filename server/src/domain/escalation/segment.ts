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
  // cost[2i + c]: the cheapest pieces spelling token[0, i), with (c = 1) or without (c = 0) a
  // content piece; from[2i + c]: where the last piece starts, times two, plus the c before it.
  const cost = new Float64Array(2 * (n + 1)).fill(Infinity);
  const from = new Int32Array(2 * (n + 1));
  cost[0] = 0;
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - MAX_PIECE); start < end; start++) {
      if (cost[2 * start] === Infinity && cost[2 * start + 1] === Infinity) continue;
      const piece = token.slice(start, end);
      const price = words.pieceCost(piece);
      if (price === 0) continue;
      const content = words.isContent(piece);
      for (let c = 0; c < 2; c++) {
        const total = cost[2 * start + c]! + price;
        const to = 2 * end + (c === 1 || content ? 1 : 0);
        if (total < cost[to]!) {
          cost[to] = total;
          from[to] = 2 * start + c;
        }
      }
    }
  }
  if (cost[2 * n + 1] === Infinity) return null;
  const pieces: string[] = [];
  for (let at = 2 * n + 1; at > 1; at = from[at]!) pieces.unshift(token.slice(from[at]! >> 1, at >> 1));
  return pieces.length >= 2 ? pieces : null;
}
