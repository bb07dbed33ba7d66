import { trusted, type Model } from "mongoose";
import type { ReactionStore, ReactionTally } from "../reaction-ports";
import type { Guard } from "./errors";
import { reactionId, type ReactionDoc } from "./models/reaction.model";

export function mongoReactionStore(Reactions: Model<ReactionDoc>, guard: Guard): ReactionStore {
  return {
    set: (k, on, at) =>
      guard(async () => {
        const _id = reactionId(k.messageId, k.userId, k.emoji);
        // Upsert keeps the first time and makes a repeated set harmless.
        if (on) await Reactions.updateOne({ _id }, { $setOnInsert: { roomId: k.roomId, messageId: k.messageId, userId: k.userId, emoji: k.emoji, createdAt: at } }, { upsert: true });
        else await Reactions.deleteOne({ _id });
      }),
    tallies: (messageIds, viewerId) =>
      guard(async () => {
        const out = new Map<string, ReactionTally[]>();
        if (messageIds.length === 0) return out;
        // Counted here, not in an aggregation: FerretDB v1's $group support is partial.
        const docs = await Reactions.find({ messageId: trusted({ $in: messageIds }) }).sort({ createdAt: 1, _id: 1 }).lean<ReactionDoc[]>();
        for (const d of docs) {
          const list = out.get(d.messageId) ?? [];
          let t = list.find((x) => x.emoji === d.emoji);
          if (!t) list.push((t = { emoji: d.emoji, count: 0, mine: false }));
          t.count++;
          if (d.userId === viewerId) t.mine = true;
          out.set(d.messageId, list);
        }
        return out;
      }),
  };
}
