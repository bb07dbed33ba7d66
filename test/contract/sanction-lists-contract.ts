/** Listing sanctions for moderators: what is in force in a room, and a person's whole record, on every store. */
import type { SanctionRecord } from "../../server/src/storage/ports";
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

export function describeSanctionListsContract(name: string, factory: StoreFactory): void {
  describe(`sanction lists contract: ${name}`, () => {
    const s = freshStorePerTest(factory);

    const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
    const sanction = (id: string, over: Partial<SanctionRecord>): SanctionRecord => ({
      id, kind: "mute", userId: "u1", roomId: "r1", reason: null, createdBy: "mod", createdAt: t(0), expiresAt: null, liftedAt: null, ...over,
    });

    it("lists a room's sanctions in force, every-session bans included, newest first; not lifted, expired or other rooms'", async () => {
      await s.store.sanctions.create(sanction("old-mute", { createdAt: t(1), expiresAt: t(60) }));
      await s.store.sanctions.create(sanction("everywhere", { kind: "ban", userId: "u2", roomId: null, createdAt: t(2) }));
      await s.store.sanctions.create(sanction("expired", { createdAt: t(3), expiresAt: t(4) }));
      await s.store.sanctions.create(sanction("lifted", { kind: "ban", createdAt: t(5), liftedAt: t(6) }));
      await s.store.sanctions.create(sanction("elsewhere", { roomId: "r2", createdAt: t(7) }));
      const ids = (await s.store.sanctions.inForceInRoom("r1", t(10))).map((s) => s.id);
      expect(ids).toEqual(["everywhere", "old-mute"]);
      expect((await s.store.sanctions.inForceInRoom("r1", t(61))).map((s) => s.id)).toEqual(["everywhere"]);
    });

    it("lists everything a person has had, newest first, up to the limit", async () => {
      await s.store.sanctions.create(sanction("a", { createdAt: t(1), expiresAt: t(2) }));
      await s.store.sanctions.create(sanction("b", { kind: "ban", roomId: null, createdAt: t(3), liftedAt: t(4) }));
      await s.store.sanctions.create(sanction("c", { roomId: "r2", createdAt: t(5) }));
      await s.store.sanctions.create(sanction("other", { userId: "u9", createdAt: t(6) }));
      expect((await s.store.sanctions.ofUser("u1", 10)).map((s) => s.id)).toEqual(["c", "b", "a"]);
      expect((await s.store.sanctions.ofUser("u1", 2)).map((s) => s.id)).toEqual(["c", "b"]);
      expect((await s.store.sanctions.ofUser("u1", 10))[1]).toMatchObject({ kind: "ban", roomId: null, liftedAt: t(4) });
    });
  });
}
