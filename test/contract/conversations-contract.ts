/**
 * The storage contract for peer assignments, private conversations, read marks and availability.
 * Every Store runs it unchanged.
 */
import { randomUUID } from "node:crypto";
import { StoreConflictError, type AssignmentRecord, type ConversationRecord, type Store } from "../../server/src/storage/ports";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);

const assignment = (over: Partial<AssignmentRecord> = {}): AssignmentRecord => ({
  id: randomUUID(),
  memberId: randomUUID(),
  peerId: randomUUID(),
  createdBy: "admin-1",
  createdAt: at("2026-04-01T10:00:00.000Z"),
  endedAt: null,
  ...over,
});

const conversation = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: randomUUID(),
  memberId: randomUUID(),
  peerId: randomUUID(),
  createdAt: at("2026-04-01T10:00:00.000Z"),
  readOnlySince: null,
  ...over,
});

export function describeConversationsContract(name: string, factory: StoreFactory): void {
  describe(`conversations contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    describe("assignments", () => {
      it("creates, finds, lists the active ones for either side, and ends idempotently", async () => {
        const a = await store.assignments.create(assignment());
        const b = await store.assignments.create(assignment({ memberId: a.memberId, createdAt: at("2026-04-02T10:00:00.000Z") }));
        expect(await store.assignments.findById(a.id)).toEqual(a);
        expect((await store.assignments.activeFor(a.memberId)).map((x) => x.id)).toEqual([a.id, b.id]);
        expect((await store.assignments.activeFor(a.peerId)).map((x) => x.id)).toEqual([a.id]);
        expect(await store.assignments.activeForPair(a.memberId, a.peerId)).toEqual(a);

        const ended = await store.assignments.end(a.id, at("2026-05-01T00:00:00.000Z"));
        expect(ended).toEqual({ ...a, endedAt: at("2026-05-01T00:00:00.000Z") });
        expect((await store.assignments.end(a.id, at("2026-06-01T00:00:00.000Z")))?.endedAt).toEqual(at("2026-05-01T00:00:00.000Z"));
        expect((await store.assignments.activeFor(a.memberId)).map((x) => x.id)).toEqual([b.id]);
        expect(await store.assignments.activeForPair(a.memberId, a.peerId)).toBeNull();
        expect(await store.assignments.end(randomUUID(), at("2026-05-01T00:00:00.000Z"))).toBeNull();
      });

      it("refuses a second active assignment of the same pair, and allows a new one after the end", async () => {
        const a = await store.assignments.create(assignment());
        await expect(store.assignments.create(assignment({ memberId: a.memberId, peerId: a.peerId }))).rejects.toBeInstanceOf(StoreConflictError);
        await store.assignments.end(a.id, at("2026-05-01T00:00:00.000Z"));
        const again = await store.assignments.create(assignment({ memberId: a.memberId, peerId: a.peerId }));
        expect(await store.assignments.activeForPair(a.memberId, a.peerId)).toEqual(again);
      });

      it("lets exactly one of several concurrent assignments of a pair succeed", async () => {
        const pair = { memberId: randomUUID(), peerId: randomUUID() };
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => store.assignments.create(assignment(pair))));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      });
    });

    describe("conversations", () => {
      it("creates one conversation per pair, returning the existing one to every later or concurrent caller", async () => {
        const c = conversation();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.conversations.ensure(i === 0 ? c : { ...c, id: randomUUID() })),
        );
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        const stored = results[0]!;
        expect(await store.conversations.findById(stored.id)).toEqual(stored);
        expect(await store.conversations.findByPair(c.memberId, c.peerId)).toEqual(stored);
        expect(await store.conversations.findByPair(c.peerId, c.memberId)).toBeNull();
        expect((await store.conversations.listFor(c.peerId)).map((x) => x.id)).toEqual([stored.id]);
        expect((await store.conversations.listFor(c.memberId)).map((x) => x.id)).toEqual([stored.id]);
      });

      it("makes a conversation read-only and writable again", async () => {
        const c = await store.conversations.ensure(conversation());
        const since = at("2026-05-01T00:00:00.000Z");
        expect(await store.conversations.setReadOnly(c.id, since)).toEqual({ ...c, readOnlySince: since });
        expect(await store.conversations.setReadOnly(c.id, null)).toEqual(c);
        expect(await store.conversations.setReadOnly(randomUUID(), since)).toBeNull();
      });

      it("keeps each participant's read mark, raising it and never lowering it", async () => {
        const c = await store.conversations.ensure(conversation());
        expect(await store.conversations.readMarks(c.id)).toEqual({});
        expect(await store.conversations.markRead(c.id, c.memberId, 5)).toBe(5);
        expect(await store.conversations.markRead(c.id, c.memberId, 3)).toBe(5);
        expect(await store.conversations.markRead(c.id, c.peerId, 2)).toBe(2);
        const concurrent = await Promise.all([7, 9, 8, 6].map((seq) => store.conversations.markRead(c.id, c.memberId, seq)));
        expect(Math.max(...concurrent)).toBe(9);
        expect(await store.conversations.readMarks(c.id)).toEqual({ [c.memberId]: 9, [c.peerId]: 2 });
      });
    });

    describe("availability", () => {
      it("stores the latest status per user and returns only those who set one", async () => {
        const peer = randomUUID();
        await store.availability.set({ userId: peer, status: "away", message: "Back Monday", updatedAt: at("2026-04-01T10:00:00.000Z") });
        await store.availability.set({ userId: peer, status: "available", message: null, updatedAt: at("2026-04-02T10:00:00.000Z") });
        expect(await store.availability.get([peer, randomUUID()])).toEqual([
          { userId: peer, status: "available", message: null, updatedAt: at("2026-04-02T10:00:00.000Z") },
        ]);
        expect(await store.availability.get([])).toEqual([]);
      });
    });
  });
}
