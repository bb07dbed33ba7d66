/** The storage contract for retention by age. Every Store runs it unchanged. */
import { randomUUID } from "node:crypto";
import type { FlagRecord, NewMessage, Store } from "../../server/src/storage/ports";
import type { RetentionClass } from "../../server/src/storage/retention-ports";
import { ctx, flag } from "./flags-contract";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);
const OLD = at("2027-01-01T10:00:00.000Z");
const CUTOFF = at("2027-06-01T00:00:00.000Z");
const RECENT = at("2028-05-01T10:00:00.000Z");
const NOW = at("2028-06-01T00:00:00.000Z");
const minutesAfter = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

/** Every batch of a class until the store says it is done: what the domain's sweep does. */
async function sweepAll(store: Store, dataClass: RetentionClass, limit = 500): Promise<{ changed: number; batches: number }> {
  let changed = 0;
  let batches = 0;
  let cursor: string | null = null;
  do {
    const b = await store.retention.sweep(dataClass, { before: CUTOFF, at: NOW, cursor, limit });
    changed += b.changed;
    cursor = b.next;
    batches++;
  } while (cursor !== null);
  return { changed, batches };
}

export function describeRetentionContract(name: string, factory: StoreFactory): void {
  describe(`retention contract: ${name}`, () => {
    let store: Store;
    let openPeer: () => Promise<Store>;
    let cleanup: () => Promise<void>;
    // Bodies are numbered within each test: "words 1" is its first message.
    let n = 0;
    beforeEach(async () => {
      n = 0;
      ({ store, openPeer, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    const send = async (roomId: string, createdAt: Date, over: Partial<NewMessage> = {}) =>
      (await store.messages.append({ id: randomUUID(), roomId, authorId: "a", authorName: "A", body: `words ${++n}`, clientMsgId: randomUUID(), createdAt, ...over })).message;
    const bodies = async (roomId: string) => (await store.messages.history(roomId, { after: 0, limit: 100 })).map((m) => [m.seq, m.body]);
    const conversation = async () =>
      (await store.conversations.ensure({ id: randomUUID(), memberId: randomUUID(), peerId: randomUUID(), createdAt: OLD, readOnlySince: null })).id;

    it("removes a group room's old messages, keeps its newer ones, and leaves private conversations alone", async () => {
      const room = randomUUID();
      const conv = await conversation();
      for (const when of [OLD, OLD, OLD, RECENT]) await send(room, when);
      for (const when of [OLD, OLD]) await send(conv, when);
      expect((await sweepAll(store, "roomMessages")).changed).toBe(3);
      expect(await bodies(room)).toEqual([[4, "words 4"]]);
      expect(await bodies(conv)).toEqual([[1, "words 5"], [2, "words 6"]]);
      expect((await sweepAll(store, "roomMessages")).changed).toBe(0);
    });

    it("removes a private conversation's old messages and leaves group rooms alone", async () => {
      const room = randomUUID();
      const conv = await conversation();
      for (const when of [OLD, OLD, RECENT]) await send(conv, when);
      for (const when of [OLD, OLD]) await send(room, when);
      expect((await sweepAll(store, "privateMessages")).changed).toBe(2);
      expect(await bodies(conv)).toEqual([[3, "words 3"]]);
      expect(await bodies(room)).toEqual([[1, "words 4"], [2, "words 5"]]);
    });

    it.each(["roomMessages", "privateMessages"] as const)("%s: keeps the newest message of a quiet place with its body erased, so the next append gets the next seq", async (dataClass) => {
      const place = dataClass === "roomMessages" ? randomUUID() : await conversation();
      for (const when of [OLD, OLD, OLD]) await send(place, when);
      expect((await sweepAll(store, dataClass)).changed).toBe(3);
      const [kept, ...rest] = await store.messages.history(place, { after: 0, limit: 100 });
      expect(rest).toEqual([]);
      expect(kept).toMatchObject({ seq: 3, body: "", deletedAt: NOW });
      expect(await store.messages.lastSeq(place)).toBe(3);
      // Swept again, nothing changes: the kept message is erased once.
      expect((await sweepAll(store, dataClass)).changed).toBe(0);
      expect((await send(place, RECENT)).seq).toBe(4);
      // Once it is no longer the newest, the kept message goes too.
      expect((await sweepAll(store, dataClass)).changed).toBe(1);
      expect(await bodies(place)).toEqual([[4, `words ${n}`]]);
      expect((await send(place, RECENT)).seq).toBe(5);
    });

    it("removes held messages, released or not", async () => {
      const room = randomUUID();
      const released = await send(room, OLD, { held: true });
      const held = await send(room, OLD, { held: true });
      await send(room, RECENT);
      expect((await store.messages.release(room, released.id, OLD))?.released).toBe(true);
      expect((await sweepAll(store, "roomMessages")).changed).toBe(2);
      expect(await store.messages.findById(room, released.id)).toBeNull();
      expect(await store.messages.findById(room, held.id)).toBeNull();
    });

    it("works through a backlog in bounded batches, past kept messages of quiet places", async () => {
      const quiet = Array.from({ length: 3 }, () => randomUUID());
      for (const place of quiet) await send(place, minutesAfter(OLD, -60));
      const busy = randomUUID();
      for (let i = 0; i < 7; i++) await send(busy, minutesAfter(OLD, i));
      await send(busy, RECENT);
      // The first pass erases the quiet places' only messages; later passes must get past them.
      expect(await sweepAll(store, "roomMessages", 2)).toEqual({ changed: 10, batches: expect.any(Number) });
      const again = randomUUID();
      for (let i = 0; i < 5; i++) await send(again, minutesAfter(OLD, i));
      await send(again, RECENT);
      const { changed, batches } = await sweepAll(store, "roomMessages", 2);
      expect(changed).toBe(5);
      expect(batches).toBeGreaterThan(2);
      expect(await bodies(busy)).toEqual([[8, expect.any(String)]]);
      for (const place of quiet) expect(await bodies(place)).toEqual([[1, ""]]);
    });

    it("removes the frozen context and notes of flags resolved before the cutoff, and keeps the record", async () => {
      const open = await store.flags.create(flag({ createdAt: OLD, lastHitAt: OLD }));
      const claimed = await store.flags.create(flag({ createdAt: OLD, lastHitAt: OLD }));
      await store.flags.claim(claimed.id, "mod", OLD);
      const aged = await store.flags.create(flag({ createdAt: OLD, lastHitAt: OLD }));
      await store.flags.addContext(aged.id, [ctx(4, "after the flag")]);
      await store.flags.resolve(aged.id, "mod", minutesAfter(OLD, 5), "contacted", "called her mother");
      const lately = await store.flags.create(flag({ createdAt: OLD, lastHitAt: OLD }));
      await store.flags.addContext(lately.id, [ctx(4, "after the flag")]);
      await store.flags.resolve(lately.id, "mod", RECENT, "safe", "kept notes");
      const before = new Map<string, FlagRecord | null>();
      for (const f of [open, claimed, lately]) before.set(f.id, await store.flags.findById(f.id));
      const resolved = (await store.flags.findById(aged.id))!;

      expect((await sweepAll(store, "flagContext")).changed).toBe(1);
      expect(await store.flags.findById(aged.id)).toEqual({ ...resolved, context: [], notes: null });
      expect(resolved).toMatchObject({ status: "resolved", outcome: "contacted", severity: "high", resolvedBy: "mod" });
      for (const [id, was] of before) expect(await store.flags.findById(id)).toEqual(was);
      expect((await store.flags.findById(open.id))?.context).toHaveLength(3);
      expect((await sweepAll(store, "flagContext")).changed).toBe(0);
    });

    it("removes on-call attempts, attendance intervals and audit entries from before the cutoff", async () => {
      const attempt = (when: Date) => ({ id: randomUUID(), deliveryId: randomUUID(), event: "flag.overdue", flagId: "f1", attempt: 1, status: 200, error: null, at: when, outcome: "delivered" as const });
      const kept = attempt(RECENT);
      await store.oncallDeliveries.record(attempt(OLD));
      await store.oncallDeliveries.record(attempt(OLD));
      await store.oncallDeliveries.record(kept);
      const session = randomUUID();
      const join = (userId: string, when: Date) => ({ id: randomUUID(), sessionId: session, userId, joinedAt: when, leftAt: null });
      await store.attendance.recordJoin(join("closed", OLD));
      await store.attendance.recordLeave(session, "closed", minutesAfter(OLD, 30));
      await store.attendance.recordJoin(join("left-open", OLD));
      const recent = join("recent", RECENT);
      await store.attendance.recordJoin(recent);
      const entry = (when: Date) => ({ id: randomUUID(), at: when, actorId: "mod", actorRole: "moderator" as const, action: "message.delete", targetUserId: "u", roomId: null, sessionId: null, messageId: null, reason: "spam", details: null });
      const newer = entry(RECENT);
      await store.audit.append(entry(OLD));
      await store.audit.append(newer);

      expect((await sweepAll(store, "oncallLog")).changed).toBe(2);
      expect(await store.oncallDeliveries.list({ limit: 10 })).toEqual([kept]);
      expect((await sweepAll(store, "attendance")).changed).toBe(2);
      expect(await store.attendance.list(session)).toEqual([recent]);
      expect((await sweepAll(store, "audit")).changed).toBe(1);
      expect(await store.audit.query({ limit: 10 })).toEqual([newer]);
    });

    it("works through on-call attempts in batches of the limit", async () => {
      for (let i = 0; i < 5; i++) {
        await store.oncallDeliveries.record({ id: randomUUID(), deliveryId: "d", event: "flag.overdue", flagId: "f", attempt: i + 1, status: null, error: "timeout", at: minutesAfter(OLD, i), outcome: "retrying" });
      }
      expect(await store.retention.sweep("oncallLog", { before: CUTOFF, at: NOW, cursor: null, limit: 2 })).toEqual({ changed: 2, next: expect.any(String) });
      expect(await sweepAll(store, "oncallLog", 2)).toEqual({ changed: 3, batches: 2 });
      expect(await store.oncallDeliveries.list({ limit: 10 })).toEqual([]);
    });

    it("grants each (class, bucket) claim to exactly one of many concurrent callers on two handles, and prunes old claims", async () => {
      const peer = await openPeer();
      try {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : peer).retention.claim("roomMessages", 1000, NOW)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await peer.retention.claim("roomMessages", 1000, NOW)).toBe(false);
        expect(await peer.retention.claim("roomMessages", 1001, minutesAfter(NOW, 60))).toBe(true);
        expect(await store.retention.claim("audit", 1000, NOW)).toBe(true);
        // Claims made before the time go; later ones stay.
        expect(await store.retention.pruneClaims(minutesAfter(NOW, 1))).toBe(2);
        expect(await store.retention.claim("roomMessages", 1000, NOW)).toBe(true);
        expect(await store.retention.claim("roomMessages", 1001, NOW)).toBe(false);
      } finally {
        await peer.close();
      }
    });
  });
}
