/** Read marks and unread counts in group rooms, the same on every store. */
import { randomUUID } from "node:crypto";
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

export function describeRoomReadsContract(name: string, factory: StoreFactory): void {
  describe(`room reads contract: ${name}`, () => {
    const s = freshStorePerTest(factory);

    const at = new Date("2026-01-01T12:00:00.000Z");
    const post = async (roomId: string, authorId: string, held = false) =>
      (await s.store.messages.append({ id: randomUUID(), roomId, authorId, authorName: authorId, body: "x", clientMsgId: randomUUID(), createdAt: at, held })).message;

    it("raises a mark and never lowers it, also under concurrent calls", async () => {
      expect(await s.store.roomReads.markRead("r1", "u1", 5)).toBe(5);
      expect(await s.store.roomReads.markRead("r1", "u1", 3)).toBe(5);
      expect(await s.store.roomReads.markRead("r1", "u2", 2)).toBe(2);
      const concurrent = await Promise.all([7, 9, 8, 6].map((seq) => s.store.roomReads.markRead("r1", "u1", seq)));
      expect(Math.max(...concurrent)).toBe(9);
      expect(await s.store.roomReads.marksOf("u1")).toEqual([{ roomId: "r1", seq: 9 }]);
      expect(await s.store.roomReads.marksOf("nobody")).toEqual([]);
    });

    it("counts others' messages above the mark in the member's rooms, leaving out their own, deleted and held ones", async () => {
      for (const roomId of ["r1", "r2", "r3"]) await s.store.rooms.addMember(roomId, "me", at);
      await s.store.rooms.addMember("r1", "you", at);
      await post("r1", "you");
      await post("r1", "you");
      await post("r1", "me");
      const gone = await post("r1", "you");
      await post("r1", "you", true);
      const released = await post("r1", "you", true);
      await post("r2", "you");
      await post("r4", "you");
      await s.store.messages.erase("r1", gone.id, at);
      await s.store.messages.release("r1", released.id, at);
      await s.store.roomReads.markRead("r2", "me", 1);

      const counts = await s.store.roomReads.unreadFor("me", ["r1", "r2", "r3", "r4"]);
      expect(Object.fromEntries(counts)).toEqual({
        r1: { lastReadSeq: 0, unread: 3 },
        r2: { lastReadSeq: 1, unread: 0 },
        r3: { lastReadSeq: 0, unread: 0 },
      });
      await s.store.roomReads.markRead("r1", "me", 2);
      expect((await s.store.roomReads.unreadFor("me", ["r1"])).get("r1")).toEqual({ lastReadSeq: 2, unread: 1 });
      expect((await s.store.roomReads.unreadFor("me", [])).size).toBe(0);
      // Authors left out (those the reader blocked) are not counted; others still are.
      await post("r1", "them");
      expect((await s.store.roomReads.unreadFor("me", ["r1"], ["you"])).get("r1")).toEqual({ lastReadSeq: 2, unread: 1 });
      expect((await s.store.roomReads.memberIds("r1")).sort()).toEqual(["me", "you"]);
    });

    it("forgets a person's marks with their account", async () => {
      await s.store.roomReads.markRead("r1", "gone", 4);
      await s.store.roomReads.markRead("r1", "stays", 2);
      await s.store.personal.eraseAccount({ userId: "gone", pseudonym: randomUUID(), pseudonymName: "Former member", messages: "erase", by: "admin", at });
      expect(await s.store.roomReads.marksOf("gone")).toEqual([]);
      expect(await s.store.roomReads.marksOf("stays")).toEqual([{ roomId: "r1", seq: 2 }]);
    });
  });
}
