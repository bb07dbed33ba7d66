/** How a further hit joins a flag, the same in every store (the flags contract checks it). */
import { higherSeverity } from "../../../shared/dto";
import type { ContextMessage, FlagHit, FlagRecord } from "./ports";

export function mergeFlagHit(f: FlagRecord, hit: FlagHit): FlagRecord {
  const held = new Set(f.context.map((m) => m.seq));
  return {
    ...f,
    severity: higherSeverity(f.severity, hit.severity),
    categories: [...new Set([...f.categories, ...hit.categories])],
    terms: [...new Set([...f.terms, ...hit.terms])],
    context: [...f.context, ...hit.context.filter((m) => !held.has(m.seq))].sort((a, b) => a.seq - b.seq),
    hits: f.hits + 1,
    lastHitAt: hit.at,
    messageId: hit.messageId,
    messageSeq: hit.messageSeq,
    heldMessageIds: hit.held && !f.heldMessageIds.includes(hit.messageId) ? [...f.heldMessageIds, hit.messageId] : f.heldMessageIds,
    entryIds: [...new Set([...f.entryIds, ...(hit.entryIds ?? [])])],
  };
}

/** A flag's context with later-frozen messages added: each seq once (the first copy), in seq order. */
export function withAddedContext(context: ContextMessage[], added: ContextMessage[]): ContextMessage[] {
  const seen = new Set(context.map((m) => m.seq));
  const extra = added.filter((m) => !seen.has(m.seq) && seen.add(m.seq));
  return extra.length === 0 ? context : [...context, ...extra].sort((a, b) => a.seq - b.seq);
}
