/** Reactions on room messages: idempotent per person, message and emoji, tallied per viewer, on every store. */
import type { Store } from "../../server/src/storage/ports";
import type { ContractStore, StoreFactory } from "./store-contract";

export function describeReactionsContract(name: string, factory: StoreFactory): void {
  describe(`reactions contract: ${name}`, () => {
    let c: ContractStore;
    let store: Store;
    beforeEach(async () => {
      c = await factory();
      store = c.store;
    });
    afterEach(() => c.cleanup());

    const at = new Date("2026-01-01T12:00:00.000Z");
    const later = new Date("2026-01-01T12:01:00.000Z");
    const latest = new Date("2026-01-01T12:02:00.000Z");
    const key = (userId: string, emoji: string, messageId = "m1") => ({ roomId: "r1", messageId, userId, emoji });

    it("counts each person once per emoji, marks the viewer's own, and forgets one taken back", async () => {
      await store.reactions.set(key("a", "🤗"), true, at);
      await store.reactions.set(key("a", "🤗"), true, later);
      await store.reactions.set(key("b", "🤗"), true, later);
      await store.reactions.set(key("b", "❤️"), true, latest);
      await store.reactions.set(key("c", "🙏", "m2"), true, at);
      const t = await store.reactions.tallies(["m1", "m2", "m3"], "a");
      expect(t.get("m1")).toEqual([
        { emoji: "🤗", count: 2, mine: true },
        { emoji: "❤️", count: 1, mine: false },
      ]);
      expect(t.get("m2")).toEqual([{ emoji: "🙏", count: 1, mine: false }]);
      expect(t.has("m3")).toBe(false);

      await store.reactions.set(key("a", "🤗"), false, later);
      await store.reactions.set(key("a", "🤗"), false, later);
      expect((await store.reactions.tallies(["m1"], "a")).get("m1")).toEqual([
        { emoji: "🤗", count: 1, mine: false },
        { emoji: "❤️", count: 1, mine: false },
      ]);
      expect((await store.reactions.tallies([], "a")).size).toBe(0);
    });

    it("forgets an erased account's reactions and keeps everyone else's", async () => {
      await store.reactions.set(key("gone", "🤗"), true, at);
      await store.reactions.set(key("stays", "🤗"), true, at);
      await store.personal.eraseAccount({ userId: "gone", pseudonym: "p-1", pseudonymName: "Former member", messages: "erase", by: "p-1", at: later });
      expect((await store.reactions.tallies(["m1"], "stays")).get("m1")).toEqual([{ emoji: "🤗", count: 1, mine: true }]);
    });
  });
}
