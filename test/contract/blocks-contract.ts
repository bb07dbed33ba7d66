/** Blocks between people: idempotent per pair, listed newest first, found from either side, on every store. */
import type { Store } from "../../server/src/storage/ports";
import type { ContractStore, StoreFactory } from "./store-contract";

export function describeBlocksContract(name: string, factory: StoreFactory): void {
  describe(`blocks contract: ${name}`, () => {
    let c: ContractStore;
    let store: Store;
    beforeEach(async () => {
      c = await factory();
      store = c.store;
    });
    afterEach(() => c.cleanup());

    const at = new Date("2026-01-01T12:00:00.000Z");
    const later = new Date("2026-01-01T12:01:00.000Z");

    it("keeps one block per pair with its first time, lists the blocker's newest first, and finds who blocked someone", async () => {
      await store.blocks.set("a", "b", true, at);
      await store.blocks.set("a", "b", true, later);
      await store.blocks.set("a", "c", true, later);
      await store.blocks.set("d", "b", true, at);
      expect(await store.blocks.listBy("a")).toEqual([
        { blockerId: "a", blockedId: "c", createdAt: later },
        { blockerId: "a", blockedId: "b", createdAt: at },
      ]);
      expect((await store.blocks.blockersOf("b")).sort()).toEqual(["a", "d"]);
      expect(await store.blocks.listBy("b")).toEqual([]);
      expect(await store.blocks.blockersOf("a")).toEqual([]);
    });

    it("lifts a block, idempotently, and leaves other pairs alone", async () => {
      await store.blocks.set("a", "b", true, at);
      await store.blocks.set("d", "b", true, at);
      await store.blocks.set("a", "b", false, later);
      await store.blocks.set("a", "b", false, later);
      await store.blocks.set("x", "y", false, later);
      expect(await store.blocks.listBy("a")).toEqual([]);
      expect(await store.blocks.blockersOf("b")).toEqual(["d"]);
      expect(await store.blocks.listBy("x")).toEqual([]);
    });
  });
}
