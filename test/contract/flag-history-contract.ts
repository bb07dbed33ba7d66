/** The storage contract for the history of resolved flags: paging and filters. */
import { randomUUID } from "node:crypto";
import type { FlagRecord, Store } from "../../server/src/storage/ports";
import { flag } from "./flags-contract";
import type { StoreFactory } from "./store-contract";

const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 11, minute));

export function describeFlagHistoryContract(name: string, factory: StoreFactory): void {
  describe(`flag history contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    async function resolved(minute: number, outcome: string, over: Partial<FlagRecord> = {}) {
      const f = await store.flags.create(flag(over));
      await store.flags.resolve(f.id, "mod", at(minute), outcome, `note ${minute}`);
      return f;
    }

    it("pages resolved flags newest resolution first, with outcome and notes, and never unresolved or listed ones", async () => {
      const ids = [];
      for (let m = 0; m < 5; m++) ids.push((await resolved(m, m % 2 ? "safe" : "referred")).id);
      await store.flags.create(flag());
      await store.flags.create(flag({ lane: "list", disposition: "review", reasons: ["negated"] }));
      const first = await store.flags.listResolved({ limit: 2 });
      expect(first.map((f) => f.id)).toEqual([ids[4], ids[3]]);
      expect(first[0]).toMatchObject({ status: "resolved", outcome: "referred", notes: "note 4", resolvedBy: "mod", resolvedAt: at(4) });
      const last = first[1]!;
      const second = await store.flags.listResolved({ limit: 10, before: { resolvedAt: last.resolvedAt!, id: last.id } });
      expect(second.map((f) => f.id)).toEqual([ids[2], ids[1], ids[0]]);
    });

    it("breaks ties in resolution time by id, so no flag is skipped or repeated between pages", async () => {
      const same = await Promise.all([1, 2, 3].map(async () => {
        const f = await store.flags.create(flag());
        await store.flags.resolve(f.id, "mod", at(7), "safe", null);
        return f.id;
      }));
      const seen: string[] = [];
      let before: { resolvedAt: Date; id: string } | undefined;
      for (;;) {
        const page = await store.flags.listResolved({ limit: 1, before });
        if (page.length === 0) break;
        seen.push(page[0]!.id);
        before = { resolvedAt: page[0]!.resolvedAt!, id: page[0]!.id };
      }
      expect(seen).toEqual([...same].sort().reverse());
    });

    it("filters by outcome, place and resolution date range", async () => {
      const place = { kind: "conversation" as const, id: randomUUID() };
      const a = await resolved(1, "safe", { place });
      const b = await resolved(2, "contacted", { place });
      const c = await resolved(3, "contacted");
      expect((await store.flags.listResolved({ limit: 10, outcome: "contacted" })).map((f) => f.id)).toEqual([c.id, b.id]);
      expect((await store.flags.listResolved({ limit: 10, place })).map((f) => f.id)).toEqual([b.id, a.id]);
      expect((await store.flags.listResolved({ limit: 10, from: at(2), to: at(3) })).map((f) => f.id)).toEqual([b.id]);
      expect((await store.flags.listResolved({ limit: 10, place, outcome: "referred" })).map((f) => f.id)).toEqual([]);
    });
  });
}
