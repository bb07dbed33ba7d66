/** The storage contract for lexicon measurement: shadow entry counts, and the entry ids kept on flags. Every Store runs it unchanged. */
import type { ShadowHitCount } from "../../server/src/storage/lexicon-stats-ports";
import type { FlagRecord, Store } from "../../server/src/storage/ports";
import { ctx, flag as flagRecord } from "./flags-contract";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const hit = (over: Partial<ShadowHitCount> = {}): ShadowHitCount => ({
  entryId: "trial.one",
  lexiconVersion: "2026.11.6+v1",
  day: "2026-05-01",
  count: 1,
  lastSeenAt: at("2026-05-01T10:00:00.000Z"),
  ...over,
});

// The flags contract's record, hit at the first message.
const flag = (over: Partial<FlagRecord> = {}): FlagRecord => flagRecord({ messageId: "msg-1", messageSeq: 1, context: [ctx(1, "I want to die")], ...over });

export function describeLexiconStatsContract(name: string, factory: StoreFactory): void {
  describe(`lexicon statistics contract: ${name}`, () => {
    let store: Store;
    let openPeer: () => Promise<Store>;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, openPeer, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    describe("shadow entry counts", () => {
      it("lists nothing before anything was added, and accepts an empty batch", async () => {
        await store.lexiconStats.addShadowHits([]);
        expect(await store.lexiconStats.listShadowHits({})).toEqual([]);
      });

      it("adds counts into one total per entry, lexicon version and day, listed by day, entry and version", async () => {
        await store.lexiconStats.addShadowHits([hit({ count: 2 }), hit({ entryId: "trial.two", day: "2026-04-30", lastSeenAt: at("2026-04-30T23:59:00.000Z") })]);
        await store.lexiconStats.addShadowHits([hit({ count: 3, lastSeenAt: at("2026-05-01T12:00:00.000Z") }), hit({ lexiconVersion: "2026.11.6+v2" })]);
        expect(await store.lexiconStats.listShadowHits({})).toEqual([
          hit({ entryId: "trial.two", day: "2026-04-30", lastSeenAt: at("2026-04-30T23:59:00.000Z") }),
          hit({ count: 5, lastSeenAt: at("2026-05-01T12:00:00.000Z") }),
          hit({ lexiconVersion: "2026.11.6+v2" }),
        ]);
      });

      it("moves lastSeenAt forward only, whatever order the counts arrive in", async () => {
        await store.lexiconStats.addShadowHits([hit({ lastSeenAt: at("2026-05-01T15:00:00.000Z") })]);
        await store.lexiconStats.addShadowHits([hit({ lastSeenAt: at("2026-05-01T09:00:00.000Z") })]);
        expect(await store.lexiconStats.listShadowHits({})).toEqual([hit({ count: 2, lastSeenAt: at("2026-05-01T15:00:00.000Z") })]);
      });

      it("lists only the days on or after sinceDay", async () => {
        await store.lexiconStats.addShadowHits([hit({ day: "2026-04-29" }), hit({ day: "2026-04-30" }), hit({ day: "2026-05-01" })]);
        expect((await store.lexiconStats.listShadowHits({ sinceDay: "2026-04-30" })).map((c) => c.day)).toEqual(["2026-04-30", "2026-05-01"]);
        expect(await store.lexiconStats.listShadowHits({ sinceDay: "2026-05-02" })).toEqual([]);
      });

      it("loses no count when several nodes add to the same total at once", async () => {
        const peer = await openPeer();
        try {
          await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : peer).lexiconStats.addShadowHits([hit({ count: i + 1 })])));
          expect(await peer.lexiconStats.listShadowHits({})).toEqual([hit({ count: 55 })]);
        } finally {
          await peer.close();
        }
      });
    });

    describe("lexicon entry ids on flags", () => {
      it("stores a flag's entry ids and adds a later hit's without duplicates", async () => {
        const f = await store.flags.create(flag({ entryIds: ["ideation.want-to-die"] }));
        expect((await store.flags.findById(f.id))?.entryIds).toEqual(["ideation.want-to-die"]);
        const merged = await store.flags.recordHit(f.id, {
          messageId: "msg-2",
          messageSeq: 2,
          severity: "imminent",
          categories: ["plan_timing"],
          terms: ["tonight"],
          context: [],
          at: at("2026-05-01T10:01:00.000Z"),
          held: false,
          entryIds: ["plan.timing", "ideation.want-to-die"],
        });
        expect(merged?.entryIds).toEqual(["ideation.want-to-die", "plan.timing"]);
        expect((await store.flags.findById(f.id))?.entryIds).toEqual(["ideation.want-to-die", "plan.timing"]);
        expect((await store.flags.listRecent(at("2026-05-01T00:00:00.000Z"))).find((r) => r.id === f.id)?.entryIds).toEqual(["ideation.want-to-die", "plan.timing"]);
      });

      it("keeps the entry ids when a hit brings none, and through claim and resolution", async () => {
        const f = await store.flags.create(flag({ entryIds: ["self-harm.acts"] }));
        await store.flags.recordHit(f.id, { messageId: "msg-2", messageSeq: 2, severity: "high", categories: [], terms: [], context: [], at: at("2026-05-01T10:01:00.000Z"), held: false });
        await store.flags.claim(f.id, "mod", at("2026-05-01T10:02:00.000Z"));
        const resolved = await store.flags.resolve(f.id, "mod", at("2026-05-01T10:03:00.000Z"), "false_positive", null);
        expect(resolved).toMatchObject({ status: "resolved", outcome: "false_positive", entryIds: ["self-harm.acts"] });
      });
    });
  });
}
