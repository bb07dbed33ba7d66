/** The storage contract for handing a flag on (unclaim, reassign) and its claim's overdue alert. */
import type { Store } from "../../server/src/storage/ports";
import { flag } from "./flags-contract";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const claimedAt = at("2026-05-01T10:01:00.000Z");

export function describeFlagHandoverContract(name: string, factory: StoreFactory): void {
  describe(`flag handover contract: ${name}`, () => {
    let store: Store;
    let peer: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const opened = await factory();
      ({ store, cleanup } = opened);
      peer = await opened.openPeer();
    });
    afterEach(async () => {
      await peer.close();
      await cleanup();
    });

    async function claimed() {
      const f = await store.flags.create(flag());
      expect(await store.flags.claim(f.id, "mod-a", claimedAt)).not.toBeNull();
      return f;
    }

    it("returns a claimed flag to the queue, and it can be claimed again", async () => {
      const f = await claimed();
      const open = await store.flags.handOver(f.id, { by: "mod-a", at: claimedAt }, null, at("2026-05-01T10:02:00.000Z"));
      expect(open).toMatchObject({ id: f.id, status: "open", claimedBy: null, claimedAt: null });
      expect(await store.flags.findById(f.id)).toMatchObject({ status: "open", claimedBy: null });
      expect((await store.flags.listUnresolved()).find((u) => u.id === f.id)).toMatchObject({ status: "open" });
      const again = await store.flags.claim(f.id, "mod-b", at("2026-05-01T10:03:00.000Z"));
      expect(again).toMatchObject({ status: "claimed", claimedBy: "mod-b", claimedAt: at("2026-05-01T10:03:00.000Z") });
      // A second claim of the now claimed flag loses, as a first one would.
      expect(await store.flags.claim(f.id, "mod-c", at("2026-05-01T10:04:00.000Z"))).toBeNull();
    });

    it("gives an open or a claimed flag to another holder, only while the holder is the one the caller saw", async () => {
      const open = await store.flags.create(flag());
      expect(await store.flags.handOver(open.id, { by: null, at: null }, "mod-b", claimedAt)).toMatchObject({ status: "claimed", claimedBy: "mod-b" });
      const f = await claimed();
      // Stale: the caller thought the flag was open, or held by someone else.
      expect(await store.flags.handOver(f.id, { by: null, at: null }, "mod-b", claimedAt)).toBeNull();
      expect(await store.flags.handOver(f.id, { by: "mod-z", at: claimedAt }, "mod-b", claimedAt)).toBeNull();
      const given = await store.flags.handOver(f.id, { by: "mod-a", at: claimedAt }, "mod-b", at("2026-05-01T10:05:00.000Z"));
      expect(given).toMatchObject({ status: "claimed", claimedBy: "mod-b", claimedAt: at("2026-05-01T10:05:00.000Z") });
      expect(await peer.flags.findById(f.id)).toMatchObject({ claimedBy: "mod-b" });
    });

    it("lets exactly one of several racing handovers from the same holder win, across store handles", async () => {
      const f = await claimed();
      const from = { by: "mod-a", at: claimedAt };
      const results = await Promise.all([
        store.flags.handOver(f.id, from, "mod-b", at("2026-05-01T10:05:00.000Z")),
        peer.flags.handOver(f.id, from, "mod-c", at("2026-05-01T10:05:00.000Z")),
        store.flags.handOver(f.id, from, null, at("2026-05-01T10:05:00.000Z")),
        peer.flags.handOver(f.id, from, "mod-d", at("2026-05-01T10:05:00.000Z")),
      ]);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await store.flags.findById(f.id))?.claimedBy).toBe(winners[0]!.claimedBy);
    });

    it("never hands on a resolved or listed flag", async () => {
      const f = await claimed();
      await store.flags.resolve(f.id, "mod-a", at("2026-05-01T10:02:00.000Z"), "safe", null);
      expect(await store.flags.handOver(f.id, { by: "mod-a", at: claimedAt }, "mod-b", at("2026-05-01T10:03:00.000Z"))).toBeNull();
      expect(await store.flags.findById(f.id)).toMatchObject({ status: "resolved", claimedBy: "mod-a" });
      const listed = await store.flags.create(flag({ lane: "list", disposition: "review", reasons: ["negated"] }));
      expect(await store.flags.handOver(listed.id, { by: null, at: null }, "mod-b", claimedAt)).toBeNull();
    });

    it("renames an erased moderator who holds a flag after a handover, as for a first claim", async () => {
      const f = await claimed();
      const mod = "c0ffee00-0000-4000-8000-000000000001";
      await store.users.create({ id: mod, username: "handedto", displayName: "Handed to", role: "moderator", passwordHash: "x", createdAt: at("2026-04-01T00:00:00.000Z") });
      await store.flags.handOver(f.id, { by: "mod-a", at: claimedAt }, mod, at("2026-05-01T10:05:00.000Z"));
      const pseudonym = "c0ffee00-0000-4000-8000-000000000002";
      await store.personal.eraseAccount({ userId: mod, pseudonym, pseudonymName: "Former moderator", messages: "erase", by: "admin-1", at: at("2026-05-02T00:00:00.000Z") });
      expect((await store.flags.findById(f.id))?.claimedBy).toBe(pseudonym);
    });

    it("decides a claim's overdue alert once across store handles, apart from the flag's own", async () => {
      const f = await claimed();
      const key = `${f.id}:claim:mod-a:${claimedAt.getTime()}`;
      expect(await store.flags.claimOverdueAlert(f.id, claimedAt)).toBe(true);
      const results = await Promise.all([store, peer, store, peer].map((s) => s.flags.claimOverdueAlert(key, at("2026-05-01T10:20:00.000Z"))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
