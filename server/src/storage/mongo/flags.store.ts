import { trusted, type Model } from "mongoose";
import { mergeFlagHit, withAddedContext } from "../merge-flag-hit";
import type { ContextMessage, FlagHit, FlagLane, FlagPlace, FlagRecord, FlagStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import { mongoFlagErasure } from "./flag-erasure.store";
import { mongoFlagReview } from "./flag-review.store";
import type { FlagAlertDoc, FlagClaimDoc, FlagContextDoc, FlagDoc, FlagQueueDoc, FlagResolutionDoc } from "./models/flag.model";
import type { FlagReviewDecisionDoc, FlagReviewQueueDoc } from "./models/flag-review.model";
import type { FlagHandoverDoc } from "./models/flag-handover.model";
import { holderOf, mongoFlagHandover, type Holder } from "./flag-handover.store";
import { mongoFlagHistory } from "./flag-history.store";

// Field by field, so nothing else a caller's objects carry is stored or returned.
const contextMessage = (m: ContextMessage): ContextMessage => ({
  id: m.id,
  seq: m.seq,
  authorId: m.authorId,
  authorName: m.authorName,
  body: m.body,
  createdAt: m.createdAt,
  ...(m.erasedAt ? { erasedAt: m.erasedAt, erasedBy: m.erasedBy ?? null } : {}),
});

/** A listed record's lane follows from the moderator's decision on it, if any. */
function laneOf(d: FlagDoc, decision: FlagReviewDecisionDoc | null): FlagLane {
  if ((d.lane ?? "page") === "page") return "page";
  return decision?.decision === "promoted" ? "page" : decision?.decision === "dismissed" ? "dismissed" : "list";
}

/** The status and its fields follow from the claim (and handovers), resolution and review decision records alone. */
const toRecord = (d: FlagDoc, claim: Holder | null, resolution: FlagResolutionDoc | null, added: ContextMessage[], decision: FlagReviewDecisionDoc | null): FlagRecord => ({
  id: d._id,
  place: { kind: d.placeKind, id: d.placeId },
  authorId: d.authorId,
  messageId: d.messageId,
  messageSeq: d.messageSeq,
  severity: d.severity,
  categories: [...d.categories],
  terms: [...d.terms],
  hits: d.hits,
  context: withAddedContext(d.context.map(contextMessage), added),
  status: resolution ? "resolved" : claim ? "claimed" : "open",
  createdAt: d.createdAt,
  lastHitAt: d.lastHitAt,
  claimedBy: claim?.by ?? null,
  claimedAt: claim?.at ?? null,
  resolvedBy: resolution?.by ?? null,
  resolvedAt: resolution?.at ?? null,
  outcome: resolution?.outcome ?? null,
  notes: resolution?.notes ?? null,
  heldMessageIds: [...(d.heldMessageIds ?? [])],
  disposition: d.disposition ?? "alert",
  reasons: [...(d.reasons ?? [])],
  lane: laneOf(d, decision),
  promotedBy: decision?.decision === "promoted" ? decision.by : null,
  promotedAt: decision?.decision === "promoted" ? decision.at : null,
  dismissedBy: decision?.decision === "dismissed" ? decision.by : null,
  dismissedAt: decision?.decision === "dismissed" ? decision.at : null,
  entryIds: [...(d.entryIds ?? [])],
});

type HitFields = Pick<FlagDoc, "messageId" | "messageSeq" | "severity" | "categories" | "terms" | "hits" | "context" | "lastHitAt" | "heldMessageIds" | "entryIds">;

const hitFields = (f: FlagRecord): HitFields => ({
  messageId: f.messageId,
  messageSeq: f.messageSeq,
  severity: f.severity,
  categories: f.categories,
  terms: f.terms,
  hits: f.hits,
  context: f.context.map(contextMessage),
  lastHitAt: f.lastHitAt,
  heldMessageIds: f.heldMessageIds,
  entryIds: f.entryIds,
});

const toDoc = (f: FlagRecord): FlagDoc => ({
  _id: f.id,
  placeKind: f.place.kind,
  placeId: f.place.id,
  authorId: f.authorId,
  createdAt: f.createdAt,
  disposition: f.disposition,
  reasons: [...f.reasons],
  lane: f.lane === "page" ? "page" : "list",
  ...hitFields(f),
});

/** True when this call inserted the document, false when one with its _id was already there. */
export async function inserted(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/**
 * Claim and resolve insert a record keyed by the flag id, the only write FerretDB v1 makes atomic,
 * and write nothing else; the flag document itself is only ever written by create and recordHit.
 */
export function mongoFlagStore(
  Flags: Model<FlagDoc>,
  Claims: Model<FlagClaimDoc>,
  Resolutions: Model<FlagResolutionDoc>,
  Queue: Model<FlagQueueDoc>,
  Alerts: Model<FlagAlertDoc>,
  Context: Model<FlagContextDoc>,
  review: { Decisions: Model<FlagReviewDecisionDoc>; ReviewQueue: Model<FlagReviewQueueDoc>; Handovers: Model<FlagHandoverDoc> },
  guard: Guard,
): FlagStore {
  const { Decisions, ReviewQueue, Handovers } = review;
  async function findById(id: string): Promise<FlagRecord | null> {
    const [d, claim, resolution, added, decision, handovers] = await Promise.all([
      Flags.findById(id).lean<FlagDoc>(),
      Claims.findById(id).lean<FlagClaimDoc>(),
      Resolutions.findById(id).lean<FlagResolutionDoc>(),
      Context.find({ flagId: id }).lean<FlagContextDoc[]>(),
      Decisions.findById(id).lean<FlagReviewDecisionDoc>(),
      Handovers.find({ flagId: id }).lean<FlagHandoverDoc[]>(),
    ]);
    return d ? toRecord(d, holderOf(claim, handovers), resolution, added.map(contextMessage), decision) : null;
  }

  async function withDecisions(docs: FlagDoc[]): Promise<FlagRecord[]> {
    if (docs.length === 0) return [];
    const ids = trusted({ $in: docs.map((d) => d._id) });
    const [claims, resolutions, added, decisions, handovers] = await Promise.all([
      Claims.find({ _id: ids }).lean<FlagClaimDoc[]>(),
      Resolutions.find({ _id: ids }).lean<FlagResolutionDoc[]>(),
      Context.find({ flagId: ids }).lean<FlagContextDoc[]>(),
      Decisions.find({ _id: ids }).lean<FlagReviewDecisionDoc[]>(),
      Handovers.find({ flagId: ids }).lean<FlagHandoverDoc[]>(),
    ]);
    const handoversOf = new Map<string, FlagHandoverDoc[]>();
    for (const h of handovers) handoversOf.set(h.flagId, [...(handoversOf.get(h.flagId) ?? []), h]);
    const claimOf = new Map(claims.map((c) => [c._id, c]));
    const resolutionOf = new Map(resolutions.map((r) => [r._id, r]));
    const decisionOf = new Map(decisions.map((r) => [r._id, r]));
    const addedTo = new Map<string, ContextMessage[]>();
    for (const c of added) addedTo.set(c.flagId, [...(addedTo.get(c.flagId) ?? []), contextMessage(c)]);
    return docs.map((d) => toRecord(d, holderOf(claimOf.get(d._id) ?? null, handoversOf.get(d._id) ?? []), resolutionOf.get(d._id) ?? null, addedTo.get(d._id) ?? [], decisionOf.get(d._id) ?? null));
  }

  async function addContext(id: string, messages: ContextMessage[]): Promise<void> {
    if (messages.length === 0 || !(await Flags.exists({ _id: id }))) return;
    for (const m of messages) {
      // The first copy wins: a later one may come from after an erasure.
      await inserted(() => Context.create({ _id: `${id}:${m.id}`, flagId: id, ...contextMessage(m) }));
    }
  }

  async function listRecent(since: Date, place?: FlagPlace, lane?: FlagLane): Promise<FlagRecord[]> {
    const filter = place ? { lastHitAt: trusted({ $gte: since }), placeKind: place.kind, placeId: place.id } : { lastHitAt: trusted({ $gte: since }) };
    if (lane !== "page") return (await withDecisions(await Flags.find(filter).lean<FlagDoc[]>())).filter((f) => !lane || f.lane === lane);
    // The page lane without reading every recent review item: paging records, and promoted ones.
    const promoted = await Decisions.find({ decision: "promoted", at: trusted({ $gte: since }) }).lean<FlagReviewDecisionDoc[]>();
    const docs = await Flags.find({ ...filter, $or: [{ lane: trusted({ $ne: "list" }) }, { _id: trusted({ $in: promoted.map((p) => p._id) }) }] }).lean<FlagDoc[]>();
    return (await withDecisions(docs)).filter((f) => f.lane === "page");
  }

  // Queue entry first: a create cut short then leaves an entry without a flag, which lists skip,
  // rather than an unresolved flag no moderator is ever shown.
  async function create(f: FlagRecord): Promise<FlagRecord> {
    if (f.lane === "list") await ReviewQueue.create({ _id: f.id, createdAt: f.createdAt });
    else if (f.status !== "resolved" && f.lane === "page") await Queue.create({ _id: f.id });
    await Flags.create(toDoc(f));
    if (f.status !== "open" && f.claimedBy && f.claimedAt) await Claims.create({ _id: f.id, by: f.claimedBy, at: f.claimedAt });
    if (f.status === "resolved" && f.resolvedBy && f.resolvedAt && f.outcome) {
      await Resolutions.create({ _id: f.id, by: f.resolvedBy, at: f.resolvedAt, outcome: f.outcome, notes: f.notes });
    }
    return f;
  }

  async function recordHit(id: string, hit: FlagHit): Promise<FlagRecord | null> {
    const current = await findById(id);
    if (!current) return null;
    const merged = mergeFlagHit(current, hit);
    await Flags.updateOne({ _id: id }, { $set: hitFields(merged) });
    return merged;
  }

  const { handOver } = mongoFlagHandover({ Claims, Handovers, findById });

  // An open flag claimed: the same insert-decided step as any handover, from nobody.
  const claim = (id: string, by: string, at: Date): Promise<FlagRecord | null> => handOver(id, { by: null, at: null }, by, at);

  async function resolve(id: string, by: string, at: Date, outcome: string, notes: string | null): Promise<FlagRecord | null> {
    if ((await findById(id))?.lane !== "page") return null;
    const won = await inserted(() => Resolutions.create({ _id: id, by, at, outcome, notes }));
    // Also on a repeat, so a resolve cut short before this is completed by the next attempt.
    await Queue.deleteOne({ _id: id });
    return won ? findById(id) : null;
  }

  async function listUnresolved(): Promise<FlagRecord[]> {
    const queued = await Queue.find().lean<FlagQueueDoc[]>();
    if (queued.length === 0) return [];
    const docs = await Flags.find({ _id: trusted({ $in: queued.map((q) => q._id) }) }).lean<FlagDoc[]>();
    return (await withDecisions(docs)).filter((f) => f.status !== "resolved" && f.lane === "page");
  }

  return {
    create: (f) => guard(() => create(f)),
    findById: (id) => guard(() => findById(id)),
    findActive: (place, authorId, since) =>
      guard(async () => {
        const docs = await Flags.find({ placeKind: place.kind, placeId: place.id, authorId, lastHitAt: trusted({ $gte: since }) })
          .sort({ lastHitAt: -1, _id: 1 })
          .lean<FlagDoc[]>();
        return (await withDecisions(docs)).find((f) => f.status !== "resolved" && f.lane === "page") ?? null;
      }),
    recordHit: (id, hit) => guard(() => recordHit(id, hit)),
    claim: (id, by, at) => guard(() => claim(id, by, at)),
    resolve: (id, by, at, outcome, notes) => guard(() => resolve(id, by, at, outcome, notes)),
    listUnresolved: () => guard(listUnresolved),
    claimOverdueAlert: (id, at) => guard(() => inserted(() => Alerts.create({ _id: id, at }))),
    addContext: (id, messages) => guard(() => addContext(id, messages)),
    listRecent: (since, place, lane) => guard(() => listRecent(since, place, lane)),
    ...mongoFlagReview({ Flags, Queue, Context, Decisions, ReviewQueue, findById, withDecisions }, guard),
    eraseFromContext: mongoFlagErasure(Flags, Context, guard),
    handOver: (id, from, to, at) => guard(() => handOver(id, from, to, at)),
    ...mongoFlagHistory({ Flags, Resolutions, withDecisions }, guard),
  };
}
