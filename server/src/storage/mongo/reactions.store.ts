import { trusted, type Model } from "mongoose";
import type { MessageStore } from "../ports";
import type { ReactionStore, ReactionTally } from "../reaction-ports";
import type { Guard } from "./errors";
import { reactionId, type ReactionDoc } from "./models/reaction.model";

/**
 * A message's reactions go with it: called wherever messages are deleted or erased (delete, account
 * erasure, the retention sweep). In slices, so one $in never grows with a long backlog.
 */
export async function forgetReactions(Reactions: Model<ReactionDoc>, messageIds: string[]): Promise<void> {
  for (let i = 0; i < messageIds.length; i += 500) {
    await Reactions.deleteMany({ messageId: trusted({ $in: messageIds.slice(i, i + 500) }) });
  }
}

/** The message store with erase forgetting the erased message's reactions. */
export function erasingReactions(messages: MessageStore, Reactions: Model<ReactionDoc>, guard: Guard): MessageStore {
  return {
    ...messages,
    erase: async (roomId, messageId, at) => {
      const erased = await messages.erase(roomId, messageId, at);
      if (erased?.deletedAt) await guard(() => forgetReactions(Reactions, [messageId]));
      return erased;
    },
  };
}

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
