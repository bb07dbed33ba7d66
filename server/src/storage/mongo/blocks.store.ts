import type { Model } from "mongoose";
import type { BlockStore } from "../block-ports";
import type { Guard } from "./errors";
import { blockId, type BlockDoc } from "./models/block.model";

export function mongoBlockStore(Blocks: Model<BlockDoc>, guard: Guard): BlockStore {
  return {
    set: (blockerId, blockedId, blocked, at) =>
      guard(async () => {
        const _id = blockId(blockerId, blockedId);
        // Upsert keeps the first time and makes a repeated block harmless.
        if (blocked) await Blocks.updateOne({ _id }, { $setOnInsert: { blockerId, blockedId, createdAt: at } }, { upsert: true });
        else await Blocks.deleteOne({ _id });
      }),
    listBy: (blockerId) =>
      guard(async () => {
        const docs = await Blocks.find({ blockerId }).sort({ createdAt: -1, blockedId: 1 }).lean<BlockDoc[]>();
        return docs.map((d) => ({ blockerId: d.blockerId, blockedId: d.blockedId, createdAt: d.createdAt }));
      }),
    blockersOf: (blockedId) =>
      guard(async () => (await Blocks.find({ blockedId }, { blockerId: 1 }).lean<Pick<BlockDoc, "blockerId">[]>()).map((d) => d.blockerId)),
  };
}
