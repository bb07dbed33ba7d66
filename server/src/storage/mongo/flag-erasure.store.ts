import { type Model } from "mongoose";
import type { ContextMessage, FlagStore } from "../ports";
import type { Guard } from "./errors";
import type { FlagContextDoc, FlagDoc } from "./models/flag.model";

const ATTEMPTS = 5;

/** flags.eraseFromContext: the context frozen into each flag document, and the messages frozen after it. */
export function mongoFlagErasure(Flags: Model<FlagDoc>, Context: Model<FlagContextDoc>, guard: Guard): FlagStore["eraseFromContext"] {
  const holds = (c: ContextMessage[], messageId: string) => c.some((m) => m.id === messageId && !m.erasedAt);

  return (place, messageId, by, at) =>
    guard(async () => {
      const touched = new Set<string>();
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const docs = (await Flags.find({ placeKind: place.kind, placeId: place.id, "context.id": messageId }, { context: 1 }).lean<Pick<FlagDoc, "_id" | "context">[]>()).filter((d) =>
          holds(d.context, messageId),
        );
        if (docs.length === 0) break;
        for (const d of docs) {
          const context = d.context.map((m) => (m.id === messageId && !m.erasedAt ? { ...m, body: "", erasedAt: at, erasedBy: by } : m));
          // Only over the context that was read: a hit merged meanwhile makes this miss, and the loop reads again.
          const { modifiedCount } = await Flags.updateOne({ _id: d._id, context: d.context }, { $set: { context } });
          if (modifiedCount === 1) touched.add(d._id);
        }
      }
      const added = await Context.find({ id: messageId, erasedAt: null }, { flagId: 1 }).lean<Pick<FlagContextDoc, "flagId">[]>();
      if (added.length > 0) await Context.updateMany({ id: messageId }, { $set: { body: "", erasedAt: at, erasedBy: by } });
      for (const c of added) touched.add(c.flagId);
      return touched.size;
    });
}
