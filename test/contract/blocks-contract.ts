/** Blocks between people: idempotent per pair, listed newest first, found from either side, on every store. */
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

export function describeBlocksContract(name: string, factory: StoreFactory): void {
  describe(`blocks contract: ${name}`, () => {
    const s = freshStorePerTest(factory);

    const at = new Date("2026-01-01T12:00:00.000Z");
    const later = new Date("2026-01-01T12:01:00.000Z");

    it("keeps one block per pair with its first time, lists the blocker's newest first, and finds who blocked someone", async () => {
      await s.store.blocks.set("a", "b", true, at);
      await s.store.blocks.set("a", "b", true, later);
      await s.store.blocks.set("a", "c", true, later);
      await s.store.blocks.set("d", "b", true, at);
      expect(await s.store.blocks.listBy("a")).toEqual([
        { blockerId: "a", blockedId: "c", createdAt: later },
        { blockerId: "a", blockedId: "b", createdAt: at },
      ]);
      expect((await s.store.blocks.blockersOf("b")).sort()).toEqual(["a", "d"]);
      expect(await s.store.blocks.listBy("b")).toEqual([]);
      expect(await s.store.blocks.blockersOf("a")).toEqual([]);
    });

    it("lifts a block, idempotently, and leaves other pairs alone", async () => {
      await s.store.blocks.set("a", "b", true, at);
      await s.store.blocks.set("d", "b", true, at);
      await s.store.blocks.set("a", "b", false, later);
      await s.store.blocks.set("a", "b", false, later);
      await s.store.blocks.set("x", "y", false, later);
      expect(await s.store.blocks.listBy("a")).toEqual([]);
      expect(await s.store.blocks.blockersOf("b")).toEqual(["d"]);
      expect(await s.store.blocks.listBy("x")).toEqual([]);
    });
  });
}
