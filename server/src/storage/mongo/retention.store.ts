/**
 * Retention by age over MongoDB. A batch reads at most `limit` records by an index and deletes by
 * id. Which node sweeps is decided by a unique insert (the only write FerretDB v1 makes atomic),
 * never by a conditional update.
 */
import { trusted, type Model } from "mongoose";
import type { RetentionBatch, RetentionBatchQuery, RetentionClass, RetentionStore } from "../retention-ports";
import type { Guard } from "./errors";
import { inserted } from "./flags.store";
import type { AttendanceDoc } from "./models/attendance.model";
import type { AuditDoc } from "./models/audit.model";
import type { ConversationDoc } from "./models/conversation.model";
import type { FlagContextDoc, FlagDoc, FlagResolutionDoc } from "./models/flag.model";
import type { MessageDoc, MessageReleaseDoc } from "./models/message.model";
import type { OncallAttemptDoc } from "./models/oncall-attempt.model";
import type { ReactionDoc } from "./models/reaction.model";
import type { RetentionClaimDoc } from "./models/retention-claim.model";
import { forgetReactions } from "./reactions.store";

export interface RetentionModels {
  Claims: Model<RetentionClaimDoc>;
  Messages: Model<MessageDoc>;
  Releases: Model<MessageReleaseDoc>;
  Conversations: Model<ConversationDoc>;
  Flags: Model<FlagDoc>;
  Resolutions: Model<FlagResolutionDoc>;
  Context: Model<FlagContextDoc>;
  OncallAttempts: Model<OncallAttemptDoc>;
  Attendance: Model<AttendanceDoc>;
  Audit: Model<AuditDoc>;
  Reactions: Model<ReactionDoc>;
}

type OldMessage = Pick<MessageDoc, "_id" | "roomId" | "seq" | "body" | "deletedAt" | "createdAt">;

const $in = (ids: string[]) => trusted({ $in: ids });

export function mongoRetentionStore(m: RetentionModels, guard: Guard): RetentionStore {
  const lastSeq = async (roomId: string): Promise<number> =>
    (await m.Messages.findOne({ roomId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<MessageDoc, "seq">>())?.seq ?? 0;

  /**
   * Old messages are read oldest first, a page per batch, after the cursor (createdAt, _id): the
   * kept newest messages of quiet places stay old for good, and must not stop the sweep reaching the rest.
   */
  async function messages(conversations: boolean, q: RetentionBatchQuery): Promise<RetentionBatch> {
    const after = q.cursor ? (JSON.parse(q.cursor) as { at: number; id: string }) : null;
    const old = { createdAt: trusted({ $lt: q.before }) };
    const filter = after
      ? { ...old, $or: [{ createdAt: trusted({ $gt: new Date(after.at) }) }, { createdAt: new Date(after.at), _id: trusted({ $gt: after.id }) }] }
      : old;
    const page = await m.Messages.find(filter, { roomId: 1, seq: 1, body: 1, deletedAt: 1, createdAt: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .limit(q.limit)
      .lean<OldMessage[]>();
    const last = page[page.length - 1];
    const next = page.length === q.limit && last ? JSON.stringify({ at: last.createdAt.getTime(), id: last._id }) : null;
    const places = [...new Set(page.map((d) => d.roomId))];
    if (places.length === 0) return { changed: 0, next };
    const inConversation = new Set((await m.Conversations.find({ _id: $in(places) }, { _id: 1 }).lean<Pick<ConversationDoc, "_id">[]>()).map((c) => c._id));
    const mine = page.filter((d) => inConversation.has(d.roomId) === conversations);
    const newest = new Map(await Promise.all([...new Set(mine.map((d) => d.roomId))].map(async (roomId) => [roomId, await lastSeq(roomId)] as const)));
    // Read after the page: an append meanwhile only raises it, so nothing at or above the newest is deleted.
    const gone = mine.filter((d) => d.seq < (newest.get(d.roomId) ?? 0)).map((d) => d._id);
    const erase = mine.filter((d) => d.seq >= (newest.get(d.roomId) ?? 0) && (d.body !== "" || !d.deletedAt));
    if (gone.length > 0) {
      await m.Messages.deleteMany({ _id: $in(gone) });
      // After the messages: a sweep cut short leaves a release without its message, never a message held again.
      await m.Releases.deleteMany({ _id: $in(gone) });
    }
    for (const d of erase) await m.Messages.updateOne({ _id: d._id, roomId: d.roomId }, { $set: { body: "", deletedAt: d.deletedAt ?? q.at } });
    // After the messages, as for releases: a sweep cut short leaves reactions the next sweep's page finds again.
    await forgetReactions(m.Reactions, [...gone, ...erase.map((d) => d._id)]);
    return { changed: gone.length + erase.length, next };
  }

  /** Resolutions a page at a time by _id; only those resolved before the cutoff with anything left to remove are written. */
  async function flagContext(q: RetentionBatchQuery): Promise<RetentionBatch> {
    const page = await m.Resolutions.find(q.cursor ? { _id: trusted({ $gt: q.cursor }) } : {})
      .sort({ _id: 1 })
      .limit(q.limit)
      .lean<FlagResolutionDoc[]>();
    const next = page.length === q.limit ? (page[page.length - 1]?._id ?? null) : null;
    const due = page.filter((r) => r.at < q.before);
    if (due.length === 0) return { changed: 0, next };
    const ids = due.map((r) => r._id);
    const withContext = (await m.Flags.find({ _id: $in(ids) }, { context: 1 }).lean<Pick<FlagDoc, "_id" | "context">[]>()).filter((f) => f.context.length > 0).map((f) => f._id);
    const withAdded = [...new Set((await m.Context.find({ flagId: $in(ids) }, { flagId: 1 }).lean<Pick<FlagContextDoc, "flagId">[]>()).map((c) => c.flagId))];
    const withNotes = due.filter((r) => r.notes !== null && r.notes !== undefined).map((r) => r._id);
    // A resolved flag is never written by a hit (hits merge into unresolved flags only). A key rotation
    // racing this on FerretDB could put context back; the next sweep finds it and removes it again.
    if (withContext.length > 0) await m.Flags.updateMany({ _id: $in(withContext) }, { $set: { context: [] } });
    if (withAdded.length > 0) await m.Context.deleteMany({ flagId: $in(withAdded) });
    if (withNotes.length > 0) await m.Resolutions.updateMany({ _id: $in(withNotes) }, { $set: { notes: null } });
    return { changed: new Set([...withContext, ...withAdded, ...withNotes]).size, next };
  }

  /** Up to `limit` records with `field` before the cutoff, deleted by id (deleteMany has no limit). */
  async function deleteOlder<D extends { _id: string }>(model: Model<D>, field: string, q: RetentionBatchQuery): Promise<RetentionBatch> {
    const ids = (await model.find({ [field]: trusted({ $lt: q.before }) } as never, { _id: 1 }).limit(q.limit).lean<{ _id: string }[]>()).map((d) => d._id);
    if (ids.length > 0) await model.deleteMany({ _id: $in(ids) } as never);
    return { changed: ids.length, next: ids.length === q.limit ? "more" : null };
  }

  const sweeps: Record<RetentionClass, (q: RetentionBatchQuery) => Promise<RetentionBatch>> = {
    roomMessages: (q) => messages(false, q),
    privateMessages: (q) => messages(true, q),
    flagContext,
    oncallLog: (q) => deleteOlder(m.OncallAttempts, "at", q),
    attendance: (q) => deleteOlder(m.Attendance, "joinedAt", q),
    audit: (q) => deleteOlder(m.Audit, "at", q),
  };

  return {
    sweep: (dataClass, q) => guard(() => sweeps[dataClass](q)),
    claim: (dataClass, bucket, at) => guard(() => inserted(() => m.Claims.create({ _id: `${dataClass}:${bucket}`, dataClass, bucket, at }))),
    pruneClaims: (before) => guard(async () => (await m.Claims.deleteMany({ at: trusted({ $lt: before }) })).deletedCount),
  };
}
