import { trusted, type Model } from "mongoose";
import type { ContextMessage } from "../ports";
import { sealAad, type SealedTextStore } from "../sealed-ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { FlagContextDoc, FlagDoc, FlagResolutionDoc } from "./models/flag.model";
import type { KeyCanaryDoc } from "./models/key-canary.model";
import type { MessageDoc } from "./models/message.model";
import type { ReportDoc } from "./models/report.model";
import type { RoomDoc } from "./models/room.model";

export interface SealedModels {
  Canaries: Model<KeyCanaryDoc>;
  Messages: Model<MessageDoc>;
  Rooms: Model<RoomDoc>;
  Flags: Model<FlagDoc>;
  Resolutions: Model<FlagResolutionDoc>;
  Context: Model<FlagContextDoc>;
  Reports: Model<ReportDoc>;
}

const after = (cursor: string | null) => (cursor === null ? {} : { _id: trusted({ $gt: cursor }) });

export function mongoSealedTextStore(m: SealedModels, guard: Guard): SealedTextStore {
  /** Replaces a field only if it still holds what was read (MongoDB checks the filter atomically). */
  const swap = async <D>(model: Model<D>, id: string, field: string, from: unknown, to: unknown) =>
    (await model.updateOne({ _id: id, [field]: from } as never, { $set: { [field]: to } } as never)).modifiedCount;

  return {
    canaries: () => guard(async () => (await m.Canaries.find().lean<KeyCanaryDoc[]>()).map((d) => ({ keyId: d._id, sealed: d.sealed }))),
    addCanary: (keyId, sealed) =>
      guard(async () => {
        try {
          await m.Canaries.create({ _id: keyId, sealed });
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
        }
      }),
    dropCanariesExcept: (keyId) =>
      guard(async () => {
        await m.Canaries.deleteMany({ _id: trusted({ $ne: keyId }) });
      }),
    reseal: (kind, cursor, limit, fn) =>
      guard(async () => {
        let changed = 0;
        let ids: string[] = [];
        if (kind === "messages") {
          const docs = await m.Messages.find({ ...after(cursor), body: trusted({ $ne: "" }) }, { body: 1 }).sort({ _id: 1 }).limit(limit).lean<Pick<MessageDoc, "_id" | "body">[]>();
          for (const d of docs) {
            const next = fn(d.body, sealAad.message(d._id));
            if (next !== null) changed += await swap(m.Messages, d._id, "body", d.body, next);
          }
          ids = docs.map((d) => d._id);
          // FerretDB v1 does not re-check an update's filter: an erasure racing the swap above could be
          // undone by it. Whatever is marked deleted in this batch is erased again.
          if (ids.length > 0) await m.Messages.updateMany({ _id: trusted({ $in: ids }), deletedAt: trusted({ $ne: null }), body: trusted({ $ne: "" }) }, { $set: { body: "" } });
        } else if (kind === "pinned") {
          const docs = await m.Rooms.find({ ...after(cursor), pinned: trusted({ $ne: null }) }, { pinned: 1 }).sort({ _id: 1 }).limit(limit).lean<Pick<RoomDoc, "_id" | "pinned">[]>();
          for (const d of docs) {
            if (!d.pinned) continue;
            const next = fn(d.pinned.body, sealAad.pinned(d._id));
            if (next !== null) changed += await swap(m.Rooms, d._id, "pinned.body", d.pinned.body, next);
          }
          ids = docs.map((d) => d._id);
        } else if (kind === "flags") {
          const docs = await m.Flags.find(after(cursor), { context: 1 }).sort({ _id: 1 }).limit(limit).lean<Pick<FlagDoc, "_id" | "context">[]>();
          for (const d of docs) {
            let touched = false;
            const context = d.context.map((c: ContextMessage) => {
              const next = c.body === "" ? null : fn(c.body, sealAad.message(c.id));
              if (next === null) return c;
              touched = true;
              return { ...c, body: next };
            });
            if (touched) changed += await swap(m.Flags, d._id, "context", d.context, context);
          }
          ids = docs.map((d) => d._id);
          const resolutions = await m.Resolutions.find({ _id: trusted({ $in: ids }), notes: trusted({ $ne: null }) }).lean<FlagResolutionDoc[]>();
          for (const r of resolutions) {
            const next = r.notes === null ? null : fn(r.notes, sealAad.notes(r._id));
            if (next !== null) changed += await swap(m.Resolutions, r._id, "notes", r.notes, next);
          }
        } else if (kind === "reports") {
          const docs = await m.Reports.find({ ...after(cursor), note: trusted({ $ne: null }) }, { note: 1 }).sort({ _id: 1 }).limit(limit).lean<Pick<ReportDoc, "_id" | "note">[]>();
          for (const d of docs) {
            const next = d.note === null ? null : fn(d.note, sealAad.reportNote(d._id));
            if (next !== null) changed += await swap(m.Reports, d._id, "note", d.note, next);
          }
          ids = docs.map((d) => d._id);
        } else {
          const docs = await m.Context.find({ ...after(cursor), body: trusted({ $ne: "" }) }).sort({ _id: 1 }).limit(limit).lean<FlagContextDoc[]>();
          for (const d of docs) {
            const next = fn(d.body, sealAad.message(d.id));
            if (next !== null) changed += await swap(m.Context, d._id, "body", d.body, next);
          }
          ids = docs.map((d) => d._id);
        }
        return { scanned: ids.length, changed, next: ids.length < limit ? null : (ids[ids.length - 1] ?? null) };
      }),
  };
}
