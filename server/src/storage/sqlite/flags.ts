import type { Database } from "better-sqlite3";
import type { ContextMessage, FlagHit, FlagLane, FlagRecord, FlagStatus, FlagStore } from "../ports";
import { mergeFlagHit, withAddedContext } from "../merge-flag-hit";
import { run } from "./errors";
import { sqliteFlagErasure } from "./flag-erasure";
import { sqliteFlagReview } from "./flag-review";
import { sqliteFlagHandover } from "./flag-handover";
import { sqliteFlagHistory } from "./flag-history";

export interface Row {
  id: string;
  place_kind: string;
  place_id: string;
  author_id: string;
  message_id: string;
  message_seq: number;
  severity: string;
  categories: string;
  terms: string;
  hits: number;
  context: string;
  status: string;
  created_at: number;
  last_hit_at: number;
  claimed_by: string | null;
  claimed_at: number | null;
  resolved_by: string | null;
  resolved_at: number | null;
  outcome: string | null;
  notes: string | null;
  held_message_ids: string;
  disposition: string;
  reasons: string;
  lane: string;
  promoted_by: string | null;
  promoted_at: number | null;
  dismissed_by: string | null;
  dismissed_at: number | null;
  entry_ids: string;
}

interface ContextRow {
  flag_id: string;
  message_id: string;
  seq: number;
  author_id: string;
  author_name: string;
  body: string;
  created_at: number;
  erased_at: number | null;
  erased_by: string | null;
}

type StoredContext = Omit<ContextMessage, "createdAt" | "erasedAt"> & { createdAt: number; erasedAt?: number | null };

export const fromStoredContext = ({ erasedAt, erasedBy, ...m }: StoredContext): ContextMessage => ({
  ...m,
  createdAt: new Date(m.createdAt),
  ...(erasedAt ? { erasedAt: new Date(erasedAt), erasedBy: erasedBy ?? null } : {}),
});

const date = (n: number | null) => (n === null ? null : new Date(n));

export const toRecord = (r: Row): FlagRecord => ({
  id: r.id,
  place: { kind: r.place_kind as FlagRecord["place"]["kind"], id: r.place_id },
  authorId: r.author_id,
  messageId: r.message_id,
  messageSeq: r.message_seq,
  severity: r.severity as FlagRecord["severity"],
  categories: JSON.parse(r.categories) as string[],
  terms: JSON.parse(r.terms) as string[],
  hits: r.hits,
  context: (JSON.parse(r.context) as StoredContext[]).map(fromStoredContext),
  status: r.status as FlagStatus,
  createdAt: new Date(r.created_at),
  lastHitAt: new Date(r.last_hit_at),
  claimedBy: r.claimed_by,
  claimedAt: date(r.claimed_at),
  resolvedBy: r.resolved_by,
  resolvedAt: date(r.resolved_at),
  outcome: r.outcome,
  notes: r.notes,
  heldMessageIds: JSON.parse(r.held_message_ids) as string[],
  disposition: r.disposition as FlagRecord["disposition"],
  reasons: JSON.parse(r.reasons) as string[],
  lane: r.lane as FlagLane,
  promotedBy: r.promoted_by,
  promotedAt: date(r.promoted_at),
  dismissedBy: r.dismissed_by,
  dismissedAt: date(r.dismissed_at),
  entryIds: JSON.parse(r.entry_ids) as string[],
});

export const contextJson = (context: ContextMessage[]) =>
  JSON.stringify(context.map((m) => ({ ...m, createdAt: m.createdAt.getTime(), erasedAt: m.erasedAt ? m.erasedAt.getTime() : undefined })));
export function sqliteFlagStore(db: Database): FlagStore {
  const insert = db.prepare(
    `INSERT INTO flags (id, place_kind, place_id, author_id, message_id, message_seq, severity, categories, terms, hits, context, status,
       created_at, last_hit_at, claimed_by, claimed_at, resolved_by, resolved_at, outcome, notes, held_message_ids, entry_ids,
       disposition, reasons, lane, promoted_by, promoted_at, dismissed_by, dismissed_at)
     VALUES (@id, @placeKind, @placeId, @authorId, @messageId, @messageSeq, @severity, @categories, @terms, @hits, @context, @status,
       @createdAt, @lastHitAt, @claimedBy, @claimedAt, @resolvedBy, @resolvedAt, @outcome, @notes, @heldMessageIds, @entryIds,
       @disposition, @reasons, @lane, @promotedBy, @promotedAt, @dismissedBy, @dismissedAt)`,
  );
  const byId = db.prepare<[string], Row>("SELECT * FROM flags WHERE id = ?");
  const active = db.prepare<[string, string, string, number], Row>(
    `SELECT * FROM flags WHERE place_kind = ? AND place_id = ? AND author_id = ? AND status != 'resolved' AND lane = 'page' AND last_hit_at >= ?
     ORDER BY last_hit_at DESC LIMIT 1`,
  );
  const update = db.prepare(
    `UPDATE flags SET severity = @severity, categories = @categories, terms = @terms, context = @context, hits = @hits,
       last_hit_at = @lastHitAt, message_id = @messageId, message_seq = @messageSeq, held_message_ids = @heldMessageIds,
       entry_ids = @entryIds WHERE id = @id`,
  );
  const claim = db.prepare("UPDATE flags SET status = 'claimed', claimed_by = ?, claimed_at = ? WHERE id = ? AND status = 'open' AND lane = 'page'");
  const resolve = db.prepare(
    "UPDATE flags SET status = 'resolved', resolved_by = ?, resolved_at = ?, outcome = ?, notes = ? WHERE id = ? AND status != 'resolved' AND lane = 'page'",
  );
  const unresolved = db.prepare<[], Row>("SELECT * FROM flags WHERE status != 'resolved' AND lane = 'page'");
  // A null lane matches every lane.
  type RecentQuery = { since: number; lane: string | null };
  const recent = db.prepare<[RecentQuery], Row>("SELECT * FROM flags WHERE last_hit_at >= @since AND (@lane IS NULL OR lane = @lane)");
  const recentIn = db.prepare<[RecentQuery & { kind: string; place: string }], Row>(
    "SELECT * FROM flags WHERE last_hit_at >= @since AND place_kind = @kind AND place_id = @place AND (@lane IS NULL OR lane = @lane)",
  );
  const alert = db.prepare("INSERT INTO flag_alerts (flag_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING");
  const addedContext = db.prepare<[string], ContextRow>("SELECT * FROM flag_context WHERE flag_id = ?");
  const addContext = db.prepare(
    `INSERT INTO flag_context (flag_id, message_id, seq, author_id, author_name, body, created_at)
     SELECT @flagId, @id, @seq, @authorId, @authorName, @body, @createdAt WHERE EXISTS (SELECT 1 FROM flags WHERE id = @flagId)
     ON CONFLICT DO NOTHING`,
  );
  const addContextTx = db.transaction((flagId: string, messages: ContextMessage[]) => {
    for (const m of messages) addContext.run({ flagId, id: m.id, seq: m.seq, authorId: m.authorId, authorName: m.authorName, body: m.body, createdAt: m.createdAt.getTime() });
  });
  /** The record with the messages frozen after its hits. */
  const full = (row: Row): FlagRecord => {
    const f = toRecord(row);
    const added = addedContext.all(f.id).map((c) => ({
      id: c.message_id,
      seq: c.seq,
      authorId: c.author_id,
      authorName: c.author_name,
      body: c.body,
      createdAt: new Date(c.created_at),
      ...(c.erased_at === null ? {} : { erasedAt: new Date(c.erased_at), erasedBy: c.erased_by }),
    }));
    return { ...f, context: withAddedContext(f.context, added) };
  };
  const find = (id: string) => {
    const row = byId.get(id);
    return row ? full(row) : null;
  };
  const recordHit = db.transaction((id: string, hit: FlagHit) => {
    const current = find(id);
    if (!current) return null;
    const merged = mergeFlagHit(current, hit);
    update.run({
      id,
      severity: merged.severity,
      categories: JSON.stringify(merged.categories),
      terms: JSON.stringify(merged.terms),
      context: contextJson(merged.context),
      hits: merged.hits,
      lastHitAt: merged.lastHitAt.getTime(),
      messageId: merged.messageId,
      messageSeq: merged.messageSeq,
      heldMessageIds: JSON.stringify(merged.heldMessageIds),
      entryIds: JSON.stringify(merged.entryIds),
    });
    return merged;
  });

  return {
    create: (f) =>
      run(() => {
        insert.run({
          id: f.id,
          placeKind: f.place.kind,
          placeId: f.place.id,
          authorId: f.authorId,
          messageId: f.messageId,
          messageSeq: f.messageSeq,
          severity: f.severity,
          categories: JSON.stringify(f.categories),
          terms: JSON.stringify(f.terms),
          hits: f.hits,
          context: contextJson(f.context),
          status: f.status,
          createdAt: f.createdAt.getTime(),
          lastHitAt: f.lastHitAt.getTime(),
          claimedBy: f.claimedBy,
          claimedAt: f.claimedAt?.getTime() ?? null,
          resolvedBy: f.resolvedBy,
          resolvedAt: f.resolvedAt?.getTime() ?? null,
          outcome: f.outcome,
          notes: f.notes,
          heldMessageIds: JSON.stringify(f.heldMessageIds),
          disposition: f.disposition,
          reasons: JSON.stringify(f.reasons),
          lane: f.lane,
          promotedBy: f.promotedBy,
          promotedAt: f.promotedAt?.getTime() ?? null,
          dismissedBy: f.dismissedBy,
          dismissedAt: f.dismissedAt?.getTime() ?? null,
          entryIds: JSON.stringify(f.entryIds),
        });
        return f;
      }),
    findById: (id) => run(() => find(id)),
    findActive: (place, authorId, since) =>
      run(() => {
        const row = active.get(place.kind, place.id, authorId, since.getTime());
        return row ? full(row) : null;
      }),
    recordHit: (id, hit) => run(() => recordHit.immediate(id, hit)),
    claim: (id, by, at) => run(() => (claim.run(by, at.getTime(), id).changes === 1 ? find(id) : null)),
    resolve: (id, by, at, outcome, notes) => run(() => (resolve.run(by, at.getTime(), outcome, notes, id).changes === 1 ? find(id) : null)),
    listUnresolved: () => run(() => unresolved.all().map(full)),
    claimOverdueAlert: (id, at) => run(() => alert.run(id, at.getTime()).changes === 1),
    addContext: (id, messages) => run(() => addContextTx.immediate(id, messages)),
    listRecent: (since, place, lane) =>
      run(() => {
        const q = { since: since.getTime(), lane: lane ?? null };
        return (place ? recentIn.all({ ...q, kind: place.kind, place: place.id }) : recent.all(q)).map(full);
      }),
    ...sqliteFlagReview(db, (row) => full(row as Row)),
    eraseFromContext: sqliteFlagErasure(db),
    ...sqliteFlagHandover(db, find),
    ...sqliteFlagHistory(db, (row) => full(row as Row)),
  };
}
