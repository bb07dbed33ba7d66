/** The storage contract for crisis flags. Every Store runs it unchanged. */
import { randomUUID } from "node:crypto";
import { StoreConflictError, type ContextMessage, type FlagRecord, type OncallAttemptRecord, type Store } from "../../server/src/storage/ports";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
export const ctx = (seq: number, body = `m${seq}`): ContextMessage => ({ id: `msg-${seq}`, seq, authorId: "a", authorName: "A", body, createdAt: at("2026-05-01T10:00:00.000Z") });

export const flag = (over: Partial<FlagRecord> = {}): FlagRecord => ({
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
  heldMessageIds: [],
  disposition: "alert",
  reasons: [],
  lane: "page",
  promotedBy: null,
  promotedAt: null,
  dismissedBy: null,
  dismissedAt: null,
  entryIds: [],
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
        held: true,
      });
      expect(merged).toMatchObject({
        severity: "imminent",
        categories: ["suicidal_ideation", "plan_timing"],
        terms: ["want to die", "tonight"],
        hits: 2,
        messageId: "msg-5",
        messageSeq: 5,
        lastHitAt: at("2026-05-01T10:03:00.000Z"),
        heldMessageIds: ["msg-5"],
      });
      expect(merged!.context.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      const lower = await store.flags.recordHit(f.id, { ...{ messageId: "msg-6", messageSeq: 6, severity: "elevated", categories: [], terms: [], context: [], at: at("2026-05-01T10:04:00.000Z"), held: false } });
      expect(lower).toMatchObject({ severity: "imminent", hits: 3, heldMessageIds: ["msg-5"] });
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

    describe("context after the flagged message", () => {
      it("adds later messages once each, keeping the first copy, in seq order, and ignores unknown flags", async () => {
        const f = await store.flags.create(flag());
        await store.flags.addContext(f.id, [ctx(5), ctx(4)]);
        // A second capture of seq 4 (say, after its erasure) does not overwrite the first.
        await store.flags.addContext(f.id, [ctx(4, ""), ctx(6)]);
        await store.flags.addContext(randomUUID(), [ctx(7)]);
        const stored = await store.flags.findById(f.id);
        expect(stored!.context.map((m) => [m.seq, m.body])).toEqual([
          [1, "m1"],
          [2, "m2"],
          [3, "I want to die"],
          [4, "m4"],
          [5, "m5"],
          [6, "m6"],
        ]);
        expect(stored!.context[3]!.createdAt).toBeInstanceOf(Date);
        // Lists carry the added context too.
        expect((await store.flags.listUnresolved()).find((x) => x.id === f.id)!.context).toHaveLength(6);
      });

      it("erases a deleted message from every flag of its place that froze it, before or after, keeping who and when", async () => {
        const place = { kind: "room" as const, id: randomUUID() };
        const first = await store.flags.create(flag({ place }));
        const second = await store.flags.create(flag({ place, authorId: "author-2", context: [ctx(2)] }));
        const elsewhere = await store.flags.create(flag());
        await store.flags.addContext(second.id, [ctx(3), ctx(4)]);
        const when = at("2026-05-02T09:00:00.000Z");
        // msg-2 sits in both flags' frozen context; msg-4 only in what was added to the second.
        expect(await store.flags.eraseFromContext(place, "msg-2", "mod-1", when)).toBe(2);
        expect(await store.flags.eraseFromContext(place, "msg-4", "mod-1", when)).toBe(1);
        // Twice is harmless, and the first time is kept.
        expect(await store.flags.eraseFromContext(place, "msg-2", "mod-2", at("2026-05-03T09:00:00.000Z"))).toBe(0);
        const erased = (f: { id: string }) => store.flags.findById(f.id);
        expect((await erased(first))!.context.map((m) => [m.id, m.body])).toEqual([["msg-1", "m1"], ["msg-2", ""], ["msg-3", "I want to die"]]);
        expect((await erased(first))!.context[1]).toMatchObject({ erasedBy: "mod-1", erasedAt: when });
        expect((await erased(second))!.context.map((m) => [m.id, m.body, m.erasedBy ?? null])).toEqual([
          ["msg-2", "", "mod-1"],
          ["msg-3", "m3", null],
          ["msg-4", "", "mod-1"],
        ]);
        // Another place's flag is another place's message.
        expect((await erased(elsewhere))!.context.map((m) => m.body)).toEqual(["m1", "m2", "I want to die"]);
      });

      it("keeps added context through a later hit", async () => {
        const f = await store.flags.create(flag());
        await store.flags.addContext(f.id, [ctx(4)]);
        const merged = await store.flags.recordHit(f.id, { messageId: "msg-5", messageSeq: 5, severity: "high", categories: [], terms: [], context: [ctx(4), ctx(5)], at: at("2026-05-01T10:03:00.000Z"), held: false });
        expect(merged!.context.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
        expect((await store.flags.findById(f.id))!.context.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      });

      it("lists flags hit since a time, resolved ones included, optionally in one place", async () => {
        const place = { kind: "room" as const, id: randomUUID() };
        const recent = await store.flags.create(flag({ place, lastHitAt: at("2026-05-01T11:00:00.000Z") }));
        const resolved = await store.flags.create(flag({ place, lastHitAt: at("2026-05-01T11:30:00.000Z") }));
        await store.flags.resolve(resolved.id, "m", at("2026-05-01T11:31:00.000Z"), "safe", null);
        const old = await store.flags.create(flag({ place, lastHitAt: at("2026-05-01T09:00:00.000Z") }));
        const elsewhere = await store.flags.create(flag({ lastHitAt: at("2026-05-01T11:00:00.000Z") }));
        await store.flags.addContext(recent.id, [ctx(4)]);
        const inPlace = await store.flags.listRecent(at("2026-05-01T10:30:00.000Z"), place);
        expect(inPlace.map((f) => f.id).sort()).toEqual([recent.id, resolved.id].sort());
        expect(inPlace.find((f) => f.id === resolved.id)!.status).toBe("resolved");
        expect(inPlace.find((f) => f.id === recent.id)!.context.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
        const all = (await store.flags.listRecent(at("2026-05-01T10:30:00.000Z"))).map((f) => f.id);
        expect(all).toEqual(expect.arrayContaining([recent.id, resolved.id, elsewhere.id]));
        expect(all).not.toContain(old.id);
      });
    });

    describe("held messages", () => {
      const newMessage = (roomId: string, held?: boolean) => ({
        id: randomUUID(),
        roomId,
        authorId: "author-1",
        authorName: "A",
        body: "held body",
        clientMsgId: randomUUID(),
        createdAt: at("2026-05-01T10:00:00.000Z"),
        ...(held === undefined ? {} : { held }),
      });

      it("stores a message held, keeps its seq in history, and releases it exactly once", async () => {
        const roomId = randomUUID();
        await store.messages.append(newMessage(roomId));
        const held = (await store.messages.append(newMessage(roomId, true))).message;
        await store.messages.append(newMessage(roomId, false));
        expect(held).toMatchObject({ seq: 2, held: true, body: "held body" });
        expect((await store.messages.history(roomId, { after: 0, limit: 10 })).map((m) => [m.seq, m.held])).toEqual([
          [1, false],
          [2, true],
          [3, false],
        ]);
        expect(await store.messages.findById(roomId, held.id)).toMatchObject({ held: true });

        const results = await Promise.all([1, 2, 3].map(() => store.messages.release(roomId, held.id, at("2026-05-01T10:05:00.000Z"))));
        expect(results.filter((r) => r?.released)).toHaveLength(1);
        for (const r of results) expect(r!.message).toMatchObject({ id: held.id, held: false, body: "held body" });
        expect((await store.messages.findById(roomId, held.id))!.held).toBe(false);
        expect((await store.messages.history(roomId, { limit: 10 }))[1]!.held).toBe(false);
        expect(await store.messages.release(roomId, randomUUID(), at("2026-05-01T10:05:00.000Z"))).toBeNull();
        // Another room's id does not reach it.
        expect(await store.messages.release(randomUUID(), held.id, at("2026-05-01T10:05:00.000Z"))).toBeNull();
      });

      it("returns a held retry still held", async () => {
        const roomId = randomUUID();
        const m = newMessage(roomId, true);
        await store.messages.append(m);
        const again = await store.messages.append({ ...m, id: randomUUID() });
        expect(again).toMatchObject({ created: false, message: { held: true } });
      });

      it("keeps an erased held message erased when it is released", async () => {
        const roomId = randomUUID();
        const held = (await store.messages.append(newMessage(roomId, true))).message;
        await store.messages.erase(roomId, held.id, at("2026-05-01T10:02:00.000Z"));
        const released = await store.messages.release(roomId, held.id, at("2026-05-01T10:05:00.000Z"));
        expect(released!.message).toMatchObject({ body: "", held: false, deletedAt: at("2026-05-01T10:02:00.000Z") });
      });
    });

    describe("on-call delivery log", () => {
      const attempt = (over: Partial<OncallAttemptRecord> = {}): OncallAttemptRecord => ({
        id: randomUUID(),
        deliveryId: "d-1",
        event: "flag.overdue",
        flagId: "flag-1",
        attempt: 1,
        status: 503,
        error: null,
        at: at("2026-05-01T10:00:00.000Z"),
        outcome: "retrying",
        ...over,
      });

      it("records attempts and lists them newest first, for one flag or all, up to a limit", async () => {
        const a1 = attempt();
        const a2 = attempt({ attempt: 2, status: null, error: "connect ECONNREFUSED", at: at("2026-05-01T10:00:01.000Z") });
        const a3 = attempt({ attempt: 3, status: 200, at: at("2026-05-01T10:00:03.000Z"), outcome: "delivered" });
        const other = attempt({ deliveryId: "d-2", flagId: "flag-2", event: "flag.unattended", status: 500, at: at("2026-05-01T10:00:02.000Z"), outcome: "gave_up" });
        for (const a of [a1, a2, other, a3]) await store.oncallDeliveries.record(a);
        expect(await store.oncallDeliveries.list({ flagId: "flag-1", limit: 10 })).toEqual([a3, a2, a1]);
        expect(await store.oncallDeliveries.list({ limit: 2 })).toEqual([a3, other]);
        expect(await store.oncallDeliveries.list({ flagId: "flag-3", limit: 10 })).toEqual([]);
      });
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
