/** Read marks and unread counts in group rooms, the same on every store. */
import { randomUUID } from "node:crypto";
import type { Store } from "../../server/src/storage/ports";
import type { ContractStore, StoreFactory } from "./store-contract";

export function describeRoomReadsContract(name: string, factory: StoreFactory): void {
  describe(`room reads contract: ${name}`, () => {
    let c: ContractStore;
    let store: Store;
    beforeEach(async () => {
      c = await factory();
      store = c.store;
    });
    afterEach(() => c.cleanup());

    const at = new Date("2026-01-01T12:00:00.000Z");
    const post = async (roomId: string, authorId: string, held = false) =>
      (await store.messages.append({ id: randomUUID(), roomId, authorId, authorName: authorId, body: "x", clientMsgId: randomUUID(), createdAt: at, held })).message;

    it("raises a mark and never lowers it, also under concurrent calls", async () => {
      expect(await store.roomReads.markRead("r1", "u1", 5)).toBe(5);
      expect(await store.roomReads.markRead("r1", "u1", 3)).toBe(5);
      expect(await store.roomReads.markRead("r1", "u2", 2)).toBe(2);
      const concurrent = await Promise.all([7, 9, 8, 6].map((seq) => store.roomReads.markRead("r1", "u1", seq)));
      expect(Math.max(...concurrent)).toBe(9);
      expect(await store.roomReads.marksOf("u1")).toEqual([{ roomId: "r1", seq: 9 }]);
      expect(await store.roomReads.marksOf("nobody")).toEqual([]);
    });

    it("counts others' messages above the mark in the member's rooms, leaving out their own, deleted and held ones", async () => {
      for (const roomId of ["r1", "r2", "r3"]) await store.rooms.addMember(roomId, "me", at);
      await store.rooms.addMember("r1", "you", at);
      await post("r1", "you");
      await post("r1", "you");
      await post("r1", "me");
      const gone = await post("r1", "you");
      await post("r1", "you", true);
      const released = await post("r1", "you", true);
      await post("r2", "you");
      await post("r4", "you");
      await store.messages.erase("r1", gone.id, at);
      await store.messages.release("r1", released.id, at);
      await store.roomReads.markRead("r2", "me", 1);

      const counts = await store.roomReads.unreadFor("me", ["r1", "r2", "r3", "r4"]);
      expect(Object.fromEntries(counts)).toEqual({
        r1: { lastReadSeq: 0, unread: 3 },
        r2: { lastReadSeq: 1, unread: 0 },
        r3: { lastReadSeq: 0, unread: 0 },
      });
      await store.roomReads.markRead("r1", "me", 2);
      expect((await store.roomReads.unreadFor("me", ["r1"])).get("r1")).toEqual({ lastReadSeq: 2, unread: 1 });
      expect((await store.roomReads.unreadFor("me", [])).size).toBe(0);
      // Authors left out (those the reader blocked) are not counted; others still are.
      await post("r1", "them");
      expect((await store.roomReads.unreadFor("me", ["r1"], ["you"])).get("r1")).toEqual({ lastReadSeq: 2, unread: 1 });
      expect((await store.roomReads.memberIds("r1")).sort()).toEqual(["me", "you"]);
    });

    it("forgets a person's marks with their account", async () => {
      await store.roomReads.markRead("r1", "gone", 4);
      await store.roomReads.markRead("r1", "stays", 2);
      await store.personal.eraseAccount({ userId: "gone", pseudonym: randomUUID(), pseudonymName: "Former member", messages: "erase", by: "admin", at });
      expect(await store.roomReads.marksOf("gone")).toEqual([]);
      expect(await store.roomReads.marksOf("stays")).toEqual([{ roomId: "r1", seq: 2 }]);
    });
  });
}
