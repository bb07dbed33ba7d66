/** The storage contract for crisis flags. Every Store runs it unchanged. */
import { randomUUID } from "node:crypto";
import { StoreConflictError, type ContextMessage, type FlagRecord, type Store } from "../../server/src/storage/ports";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const ctx = (seq: number, body = `m${seq}`): ContextMessage => ({ id: `msg-${seq}`, seq, authorId: "a", authorName: "A", body, createdAt: at("2026-05-01T10:00:00.000Z") });

const flag = (over: Partial<FlagRecord> = {}): FlagRecord => ({
  id: randomUUID(),
  place: { kind: "room", id: randomUUID() },
  authorId: "author-1",
  messageId: "msg-3",
  messageSeq: 3,
  severity: "high",
  categories: ["suicidal_ideation"],
  terms: ["want to die"],
  hits: 1,
  context: [ctx(1), ctx(2), ctx(3, "I want to die")],
  status: "open",
  createdAt: at("2026-05-01T10:00:00.000Z"),
  lastHitAt: at("2026-05-01T10:00:00.000Z"),
  claimedBy: null,
  claimedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  outcome: null,
  notes: null,
  ...over,
});

export function describeFlagsContract(name: string, factory: StoreFactory): void {
  describe(`flags contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    it("stores a flag with its frozen context, and finds it", async () => {
      const f = await store.flags.create(flag());
      expect(await store.flags.findById(f.id)).toEqual(f);
      expect(await store.flags.findById(randomUUID())).toBeNull();
    });

    it("finds the author's active flag in a place since a time, and not resolved or other ones", async () => {
      const place = { kind: "conversation" as const, id: randomUUID() };
      const f = await store.flags.create(flag({ place, lastHitAt: at("2026-05-01T10:05:00.000Z") }));
      await store.flags.create(flag({ place, authorId: "someone-else" }));
      expect((await store.flags.findActive(place, "author-1", at("2026-05-01T10:00:00.000Z")))?.id).toBe(f.id);
      expect(await store.flags.findActive(place, "author-1", at("2026-05-01T10:06:00.000Z"))).toBeNull();
      expect(await store.flags.findActive({ kind: "room", id: place.id }, "author-1", at("2026-05-01T10:00:00.000Z"))).toBeNull();
      await store.flags.resolve(f.id, "mod", at("2026-05-01T10:07:00.000Z"), "safe", null);
      expect(await store.flags.findActive(place, "author-1", at("2026-05-01T10:00:00.000Z"))).toBeNull();
    });

    it("merges a hit: higher severity kept, categories and terms added once, new context appended", async () => {
      const f = await store.flags.create(flag({ severity: "high" }));
      const merged = await store.flags.recordHit(f.id, {
        messageId: "msg-5",
        messageSeq: 5,
        severity: "imminent",
        categories: ["plan_timing", "suicidal_ideation"],
        terms: ["tonight", "want to die"],
        context: [ctx(3, "I want to die"), ctx(4), ctx(5, "tonight")],
        at: at("2026-05-01T10:03:00.000Z"),
      });
      expect(merged).toMatchObject({
        severity: "imminent",
        categories: ["suicidal_ideation", "plan_timing"],
        terms: ["want to die", "tonight"],
        hits: 2,
        messageId: "msg-5",
        messageSeq: 5,
        lastHitAt: at("2026-05-01T10:03:00.000Z"),
      });
      expect(merged!.context.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      const lower = await store.flags.recordHit(f.id, { ...{ messageId: "msg-6", messageSeq: 6, severity: "elevated", categories: [], terms: [], context: [], at: at("2026-05-01T10:04:00.000Z") } });
      expect(lower).toMatchObject({ severity: "imminent", hits: 3 });
      expect(await store.flags.findById(f.id)).toEqual(lower);
    });

    it("lets exactly one of several moderators claim an open flag, then resolves it once", async () => {
      const f = await store.flags.create(flag());
      const claims = await Promise.all(["m1", "m2", "m3", "m4"].map((m) => store.flags.claim(f.id, m, at("2026-05-01T10:10:00.000Z"))));
      const winners = claims.filter((c) => c !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ status: "claimed", claimedAt: at("2026-05-01T10:10:00.000Z") });
      const stored = await store.flags.findById(f.id);
      expect(stored?.claimedBy).toBe(winners[0]!.claimedBy);

      const resolved = await store.flags.resolve(f.id, "m1", at("2026-05-01T10:20:00.000Z"), "contacted", "Talked it through; safety plan agreed.");
      expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "m1", outcome: "contacted", notes: "Talked it through; safety plan agreed." });
      expect(await store.flags.resolve(f.id, "m2", at("2026-05-01T10:21:00.000Z"), "other", null)).toBeNull();
      expect(await store.flags.claim(f.id, "m2", at("2026-05-01T10:21:00.000Z"))).toBeNull();
    });

    it("gives the overdue alert of a flag to exactly one of several racing callers", async () => {
      const f = await store.flags.create(flag());
      const results = await Promise.all(Array.from({ length: 6 }, () => store.flags.claimOverdueAlert(f.id, at("2026-05-01T10:05:00.000Z"))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.flags.claimOverdueAlert(f.id, at("2026-05-01T10:06:00.000Z"))).toBe(false);
    });

    it("lists the open and claimed flags, not the resolved ones", async () => {
      const open = await store.flags.create(flag());
      const claimed = await store.flags.create(flag());
      await store.flags.claim(claimed.id, "m", at("2026-05-01T10:10:00.000Z"));
      const done = await store.flags.create(flag());
      await store.flags.resolve(done.id, "m", at("2026-05-01T10:10:00.000Z"), "safe", null);
      const ids = (await store.flags.listUnresolved()).map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining([open.id, claimed.id]));
      expect(ids).not.toContain(done.id);
    });

    describe("lexicon versions", () => {
      const version = (n: number, override: Record<string, unknown> = { entries: [] }) => ({ version: n, override, createdBy: "admin-1", createdAt: at("2026-05-01T10:00:00.000Z") });

      it("returns the latest saved version, and nothing before the first", async () => {
        expect(await store.lexicon.latest()).toBeNull();
        await store.lexicon.append(version(1));
        await store.lexicon.append(version(2, { entries: [{ id: "x" }], remove: ["y"] }));
        expect(await store.lexicon.latest()).toEqual(version(2, { entries: [{ id: "x" }], remove: ["y"] }));
      });

      it("lets exactly one of several concurrent saves of the same version through", async () => {
        const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.lexicon.append(version(1, { entries: [], tag: i }))));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(StoreConflictError);
      });
    });
  });
}
