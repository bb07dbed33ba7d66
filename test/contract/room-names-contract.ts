/** Standing rooms' names: one room per normalised name, claimed atomically, on every store. */
import { randomUUID } from "node:crypto";
import { StoreConflictError, type RoomRecord } from "../../server/src/storage/ports";
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

const room = (name: string): RoomRecord => ({
  id: randomUUID(),
  name,
  topic: null,
  createdBy: "mod-1",
  createdAt: new Date("2026-01-01T00:00:00.000Z"),
  sessionId: null,
  locked: false,
  slowModeSeconds: 0,
  pinned: null,
});

export function describeRoomNamesContract(name: string, factory: StoreFactory): void {
  describe(`room names contract: ${name}`, () => {
    const t = freshStorePerTest(factory);

    it("refuses a second room under a taken key and stores nothing for it", async () => {
      const first = await t.store.rooms.createNamed(room("Welcome circle"), "welcome circle");
      const second = room("WELCOME circle");
      await expect(t.store.rooms.createNamed(second, "welcome circle")).rejects.toBeInstanceOf(StoreConflictError);
      expect(await t.store.rooms.findById(second.id)).toBeNull();
      expect(await t.store.rooms.findById(first.id)).toMatchObject({ name: "Welcome circle" });
    });

    it("lets exactly one of two concurrent creates from two nodes take a name", async () => {
      const peer = await t.c.openPeer();
      try {
        const results = await Promise.allSettled([t.store.rooms.createNamed(room("Quiet"), "quiet"), peer.rooms.createNamed(room("quiet"), "quiet")]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(results.filter((r) => r.status === "rejected" && r.reason instanceof StoreConflictError)).toHaveLength(1);
      } finally {
        await peer.close();
      }
    });

    it("leaves session rooms, created without a key, free to share a title", async () => {
      await t.store.rooms.create(room("Weekly group"));
      await t.store.rooms.create(room("Weekly group"));
      expect((await t.store.rooms.list()).filter((r) => r.name === "Weekly group")).toHaveLength(2);
    });
  });
}
