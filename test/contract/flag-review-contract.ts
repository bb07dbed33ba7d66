/** The storage contract for the review list (flag records in the `list` lane). Every Store runs it unchanged. */
import { randomUUID } from "node:crypto";
import type { FlagRecord, Store } from "../../server/src/storage/ports";
import { ctx, flag } from "./flags-contract";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const listed = (over: Partial<FlagRecord> = {}): FlagRecord =>
  flag({ disposition: "review", reasons: ["negated"], lane: "list", severity: "elevated", ...over });

export function describeFlagReviewContract(name: string, factory: StoreFactory): void {
  describe(`flag review list contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    it("stores a listed item with its disposition and reasons, and keeps it out of the paging queue", async () => {
      const item = await store.flags.create(listed({ disposition: "concern_other", reasons: ["others"] }));
      expect(await store.flags.findById(item.id)).toEqual(item);
      expect(await store.flags.listUnresolved()).toEqual([]);
      expect(await store.flags.findActive(item.place, item.authorId, at("2026-05-01T09:00:00.000Z"))).toBeNull();
    });

    it("lists items newest first, a page at a time after a cursor, without paging or dismissed ones", async () => {
      const times = ["2026-05-01T10:00:00.000Z", "2026-05-01T10:01:00.000Z", "2026-05-01T10:02:00.000Z"];
      const items = [];
      for (const t of times) items.push(await store.flags.create(listed({ createdAt: at(t), lastHitAt: at(t) })));
      // Two at the same instant are told apart by id.
      const twin = await store.flags.create(listed({ createdAt: at(times[2]!), lastHitAt: at(times[2]!) }));
      await store.flags.create(flag({ createdAt: at("2026-05-01T10:05:00.000Z") }));
      const gone = await store.flags.create(listed({ createdAt: at("2026-05-01T10:06:00.000Z") }));
      await store.flags.dismiss(gone.id, "mod", at("2026-05-01T10:07:00.000Z"));

      const newest = [twin, items[2]!].sort((a, b) => (a.id < b.id ? 1 : -1));
      const first = await store.flags.listReview({ limit: 2 });
      expect(first.map((f) => f.id)).toEqual(newest.map((f) => f.id));
      const last = first[1]!;
      const second = await store.flags.listReview({ before: { createdAt: last.createdAt, id: last.id }, limit: 2 });
      expect(second.map((f) => f.id)).toEqual([items[1]!.id, items[0]!.id]);
      expect(await store.flags.listReview({ before: { createdAt: items[0]!.createdAt, id: items[0]!.id }, limit: 2 })).toEqual([]);
    });

    it("promotes an item for exactly one of several moderators, into the queue as an open flag that can be claimed", async () => {
      const item = await store.flags.create(listed());
      const when = at("2026-05-01T11:00:00.000Z");
      const results = await Promise.all(["m1", "m2", "m3"].map((m) => store.flags.promote(item.id, m, when)));
      const won = results.filter((r) => r !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ lane: "page", status: "open", promotedAt: when, disposition: "review", reasons: ["negated"] });
      expect(await store.flags.listReview({ limit: 10 })).toEqual([]);
      expect((await store.flags.listUnresolved()).map((f) => f.id)).toEqual([item.id]);
      expect(await store.flags.dismiss(item.id, "m4", when)).toBeNull();
      expect(await store.flags.claim(item.id, "m1", when)).toMatchObject({ status: "claimed", claimedBy: "m1" });
      expect(await store.flags.findActive(item.place, item.authorId, at("2026-05-01T09:00:00.000Z"))).toMatchObject({ id: item.id });
    });

    it("refuses to claim or resolve an item still on the list", async () => {
      const item = await store.flags.create(listed());
      expect(await store.flags.claim(item.id, "m1", at("2026-05-01T11:00:00.000Z"))).toBeNull();
      expect(await store.flags.resolve(item.id, "m1", at("2026-05-01T11:00:00.000Z"), "safe", null)).toBeNull();
      expect(await store.flags.findById(item.id)).toMatchObject({ lane: "list", status: "open" });
    });

    it("lets only one of a promotion and a dismissal racing for an item win", async () => {
      const item = await store.flags.create(listed());
      const when = at("2026-05-01T11:00:00.000Z");
      const [promoted, dismissed] = await Promise.all([store.flags.promote(item.id, "m1", when), store.flags.dismiss(item.id, "m2", when)]);
      expect([promoted, dismissed].filter((r) => r !== null)).toHaveLength(1);
      const now = await store.flags.findById(item.id);
      expect(now?.lane).toBe(promoted ? "page" : "dismissed");
      expect((await store.flags.listUnresolved()).map((f) => f.id)).toEqual(promoted ? [item.id] : []);
    });

    it("dismisses an item once, recording who and when", async () => {
      const item = await store.flags.create(listed());
      const when = at("2026-05-01T11:00:00.000Z");
      expect(await store.flags.dismiss(item.id, "m1", when)).toMatchObject({ lane: "dismissed", dismissedBy: "m1", dismissedAt: when });
      expect(await store.flags.dismiss(item.id, "m2", when)).toBeNull();
      expect(await store.flags.promote(item.id, "m2", when)).toBeNull();
      expect(await store.flags.promote(randomUUID(), "m2", when)).toBeNull();
    });

    it("purges listed and dismissed items older than the retention with their context, keeping promoted and paging ones", async () => {
      const old = at("2026-04-01T10:00:00.000Z");
      const stale = await store.flags.create(listed({ createdAt: old, lastHitAt: old }));
      const dismissed = await store.flags.create(listed({ createdAt: old, lastHitAt: old }));
      await store.flags.dismiss(dismissed.id, "m1", old);
      const promoted = await store.flags.create(listed({ createdAt: old, lastHitAt: old }));
      await store.flags.promote(promoted.id, "m1", old);
      const paging = await store.flags.create(flag({ createdAt: old, lastHitAt: old }));
      const fresh = await store.flags.create(listed());
      await store.flags.addContext(stale.id, [ctx(4)]);

      expect(await store.flags.purgeReview(at("2026-04-15T00:00:00.000Z"))).toBe(2);
      expect(await store.flags.findById(stale.id)).toBeNull();
      expect(await store.flags.findById(dismissed.id)).toBeNull();
      expect(await store.flags.findById(promoted.id)).toMatchObject({ lane: "page" });
      expect(await store.flags.findById(paging.id)).not.toBeNull();
      expect((await store.flags.listReview({ limit: 10 })).map((f) => f.id)).toEqual([fresh.id]);
      // A record later created under the purged id would not inherit its frozen context.
      await store.flags.create(listed({ id: stale.id }));
      expect((await store.flags.findById(stale.id))?.context.map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it("lists recent records of one lane only when asked", async () => {
      const since = at("2026-05-01T09:00:00.000Z");
      const paging = await store.flags.create(flag());
      const item = await store.flags.create(listed());
      const promoted = await store.flags.create(listed());
      await store.flags.promote(promoted.id, "m1", at("2026-05-01T10:30:00.000Z"));
      expect((await store.flags.listRecent(since)).map((f) => f.id).sort()).toEqual([paging.id, item.id, promoted.id].sort());
      expect((await store.flags.listRecent(since, undefined, "page")).map((f) => f.id).sort()).toEqual([paging.id, promoted.id].sort());
      expect((await store.flags.listRecent(since, item.place, "list")).map((f) => f.id)).toEqual([item.id]);
    });
  });
}
