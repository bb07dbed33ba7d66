import type { Model } from "mongoose";
import type { LexiconStore } from "../ports";
import type { Guard } from "./errors";
import type { LexiconVersionDoc } from "./models/lexicon.model";

export function mongoLexiconStore(Versions: Model<LexiconVersionDoc>, guard: Guard): LexiconStore {
  return {
    latest: () =>
      guard(async () => {
        const d = await Versions.findOne().sort({ _id: -1 }).lean<LexiconVersionDoc>();
        return d ? { version: d._id, override: d.override, createdBy: d.createdBy, createdAt: d.createdAt } : null;
      }),
    append: (r) =>
      guard(async () => {
        // A duplicate version becomes StoreConflictError through the guard.
        await Versions.create({ _id: r.version, override: r.override, createdBy: r.createdBy, createdAt: r.createdAt });
      }),
  };
}
