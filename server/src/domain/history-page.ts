/**
 * A history answer, bounded in bytes as well as in count: a hundred messages of the longest allowed
 * body would otherwise make every answer about 1.6 MB, and a client pipelining requests could make
 * the node hold many of them. The messages kept are the ones the request is about: the oldest when
 * catching up (`after`), the newest otherwise; `truncated` tells the client to ask again from there.
 */
import { MAX_HISTORY_BYTES } from "../../../shared/schemas";

// Ids, names, times and framing of one message, above its body.
const OVERHEAD_BYTES = 256;

export function historyPage<M extends { body: string }>(messages: M[], request: { after?: number }, maxBytes = MAX_HISTORY_BYTES): { messages: M[]; truncated?: boolean } {
  const fromOldest = request.after !== undefined;
  const ordered = fromOldest ? messages : [...messages].reverse();
  const kept: M[] = [];
  let bytes = 0;
  for (const m of ordered) {
    bytes += Buffer.byteLength(m.body, "utf8") + OVERHEAD_BYTES;
    // At least one message, so a page always moves the reader on.
    if (kept.length > 0 && bytes > maxBytes) break;
    kept.push(m);
  }
  const truncated = kept.length < messages.length;
  const page = fromOldest ? kept : kept.reverse();
  return truncated ? { messages: page, truncated } : { messages: page };
}
