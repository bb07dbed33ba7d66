/** Reactions on messages: idempotent per person, message and emoji, tallied per viewer, gone with their message, on every store. */
import { randomUUID } from "node:crypto";
import type { NewMessage, Store } from "../../server/src/storage/ports";
import type { RetentionClass } from "../../server/src/storage/retention-ports";
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

export function describeReactionsContract(name: string, factory: StoreFactory): void {
  describe(`reactions contract: ${name}`, () => {
    const t = freshStorePerTest(factory);

    const at = new Date("2026-01-01T12:00:00.000Z");
    const later = new Date("2026-01-01T12:01:00.000Z");
    const latest = new Date("2026-01-01T12:02:00.000Z");
    const key = (userId: string, emoji: string, messageId = "m1", roomId = "r1") => ({ roomId, messageId, userId, emoji });
    const post = async (roomId: string, over: Partial<NewMessage> = {}) =>
      (await t.store.messages.append({ id: randomUUID(), roomId, authorId: "author", authorName: "A", body: "words", clientMsgId: randomUUID(), createdAt: at, ...over })).message;
    const tallied = async (store: Store, ids: string[]) => [...(await store.reactions.tallies(ids, "nobody")).keys()].sort();

    it("counts each person once per emoji, marks the viewer's own, and forgets one taken back", async () => {
      const { store } = t;
      await store.reactions.set(key("a", "🤗"), true, at);
      await store.reactions.set(key("a", "🤗"), true, later);
      await store.reactions.set(key("b", "🤗"), true, later);
      await store.reactions.set(key("b", "❤️"), true, latest);
      await store.reactions.set(key("c", "🙏", "m2"), true, at);
      const tallies = await store.reactions.tallies(["m1", "m2", "m3"], "a");
      expect(tallies.get("m1")).toEqual([
        { emoji: "🤗", count: 2, mine: true },
        { emoji: "❤️", count: 1, mine: false },
      ]);
      expect(tallies.get("m2")).toEqual([{ emoji: "🙏", count: 1, mine: false }]);
      expect(tallies.has("m3")).toBe(false);

      await store.reactions.set(key("a", "🤗"), false, later);
      await store.reactions.set(key("a", "🤗"), false, later);
      expect((await store.reactions.tallies(["m1"], "a")).get("m1")).toEqual([
        { emoji: "🤗", count: 1, mine: false },
        { emoji: "❤️", count: 1, mine: false },
      ]);
      expect((await store.reactions.tallies([], "a")).size).toBe(0);
    });

    it("forgets an erased account's reactions and keeps everyone else's", async () => {
      const { store } = t;
      await store.reactions.set(key("gone", "🤗"), true, at);
      await store.reactions.set(key("stays", "🤗"), true, at);
      await store.personal.eraseAccount({ userId: "gone", pseudonym: "p-1", pseudonymName: "Former member", messages: "erase", by: "p-1", at: later });
      expect((await store.reactions.tallies(["m1"], "stays")).get("m1")).toEqual([{ emoji: "🤗", count: 1, mine: true }]);
    });

    it("lists the reactions a person gave, in rooms and conversations, oldest first, and nobody else's", async () => {
      const { store } = t;
      await store.reactions.set(key("me", "💪", "m2", "c1"), true, later);
      await store.reactions.set(key("me", "🤗", "m1", "r1"), true, at);
      await store.reactions.set(key("other", "❤️", "m1", "r1"), true, at);
      expect(await store.personal.reactionsBy("me")).toEqual([
        { roomId: "r1", messageId: "m1", emoji: "🤗", createdAt: at },
        { roomId: "c1", messageId: "m2", emoji: "💪", createdAt: later },
      ]);
      await store.personal.eraseAccount({ userId: "me", pseudonym: "p-2", pseudonymName: "Former member", messages: "erase", by: "p-2", at: latest });
      expect(await store.personal.reactionsBy("me")).toEqual([]);
    });

    it("takes a deleted message's reactions with it and leaves the others'", async () => {
      const { store } = t;
      const deleted = await post("r1");
      const kept = await post("r1");
      for (const m of [deleted, kept]) await store.reactions.set(key("a", "🤗", m.id), true, at);
      await store.messages.erase("r1", deleted.id, later);
      expect(await tallied(store, [deleted.id, kept.id])).toEqual([kept.id]);
      expect(await store.personal.reactionsBy("a")).toEqual([{ roomId: "r1", messageId: kept.id, emoji: "🤗", createdAt: at }]);
    });

    it("takes everyone's reactions off the messages of an erased account", async () => {
      const { store } = t;
      const theirs = await post("r1", { authorId: "leaving" });
      const other = await post("r1");
      for (const m of [theirs, other]) await store.reactions.set(key("friend", "❤️", m.id), true, at);
      await store.personal.eraseAccount({ userId: "leaving", pseudonym: "p-3", pseudonymName: "Former member", messages: "erase", by: "p-3", at: later });
      expect(await tallied(store, [theirs.id, other.id])).toEqual([other.id]);
    });

    it.each<[RetentionClass, boolean]>([
      ["roomMessages", false],
      ["privateMessages", true],
    ])("takes the reactions of messages the %s sweep removes or erases", async (dataClass, conversation) => {
      const { store } = t;
      const newPlace = async () =>
        conversation ? (await store.conversations.ensure({ id: randomUUID(), memberId: randomUUID(), peerId: randomUUID(), createdAt: at, readOnlySince: null })).id : randomUUID();
      const [busy, quiet] = [await newPlace(), await newPlace()];
      // Old messages below a newer one are deleted; a quiet place's newest is erased and kept.
      const old = [await post(busy), await post(busy), await post(quiet)];
      const recent = await post(busy, { createdAt: latest });
      for (const m of [...old, recent]) await store.reactions.set(key("a", "🙏", m.id, m.roomId), true, at);
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        cursor = (await store.retention.sweep(dataClass, { before: later, at: latest, cursor, limit: 100 })).next;
      }
      expect((await store.messages.findById(quiet, old[2]!.id))?.deletedAt).toEqual(latest);
      expect(await tallied(store, [...old.map((m) => m.id), recent.id])).toEqual([recent.id]);
    });
  });
}
