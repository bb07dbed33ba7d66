/**
 * The storage contract: every Store implementation must pass this suite unchanged. It only uses
 * the ports, so it says what the domain may rely on, whatever the database.
 */
import { randomUUID } from "node:crypto";
import { StoreConflictError, type NewMessage, type Store, type UserRecord } from "../../server/src/storage/ports";

export interface ContractStore {
  store: Store;
  /** A second, independent handle on the same database, as another node would open it. */
  openPeer: () => Promise<Store>;
  cleanup: () => Promise<void>;
}
export type StoreFactory = () => Promise<ContractStore>;

const at = (iso: string) => new Date(iso);

const user = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: randomUUID(),
  username: `user-${randomUUID().slice(0, 8)}`,
  displayName: "Display Name",
  role: "member",
  passwordHash: "scrypt$10$8$1$salt$hash",
  createdAt: at("2026-01-01T00:00:00.000Z"),
  ...over,
});

const message = (roomId: string, over: Partial<NewMessage> = {}): NewMessage => ({
  id: randomUUID(),
  roomId,
  authorId: "author-1",
  authorName: "Author",
  body: "hello",
  clientMsgId: randomUUID(),
  createdAt: at("2026-01-01T12:00:00.000Z"),
  ...over,
});

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`storage contract: ${name}`, () => {
    let store: Store;
    let openPeer: () => Promise<Store>;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, openPeer, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    describe("users", () => {
      it("creates a user and finds it by id and by username, with dates as Date", async () => {
        const u = user({ role: "peer" });
        await store.users.create(u);
        expect(await store.users.findById(u.id)).toEqual(u);
        expect(await store.users.findByUsername(u.username)).toEqual(u);
        expect((await store.users.findById(u.id))?.createdAt).toBeInstanceOf(Date);
      });

      it("returns null for an unknown id or username", async () => {
        expect(await store.users.findById(randomUUID())).toBeNull();
        expect(await store.users.findByUsername("nobody")).toBeNull();
      });

      it("refuses a second user with the same username with StoreConflictError", async () => {
        const u = user();
        await store.users.create(u);
        await expect(store.users.create(user({ username: u.username }))).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.users.list()).toHaveLength(1);
      });

      it("changes a role and returns the updated user, or null for an unknown id", async () => {
        const u = user();
        await store.users.create(u);
        expect(await store.users.setRole(u.id, "moderator")).toEqual({ ...u, role: "moderator" });
        expect((await store.users.findById(u.id))?.role).toBe("moderator");
        expect(await store.users.setRole(randomUUID(), "admin")).toBeNull();
      });

      it("lists users in creation order", async () => {
        const a = user({ createdAt: at("2026-01-02T00:00:00Z") });
        const b = user({ createdAt: at("2026-01-01T00:00:00Z") });
        await store.users.create(a);
        await store.users.create(b);
        expect((await store.users.list()).map((u) => u.id)).toEqual([b.id, a.id]);
      });
    });

    describe("rooms", () => {
      const room = (over: Partial<{ name: string; topic: string | null; createdAt: Date }> = {}) => ({
        id: randomUUID(),
        name: "Evening group",
        topic: null as string | null,
        createdBy: "mod-1",
        createdAt: at("2026-01-01T00:00:00.000Z"),
        sessionId: null,
        locked: false,
        slowModeSeconds: 0,
        pinned: null,
        ...over,
      });

      it("creates, finds and lists rooms, keeping a null topic null", async () => {
        const r1 = room({ topic: "Sleep", createdAt: at("2026-01-02T00:00:00Z") });
        const r2 = room();
        await store.rooms.create(r1);
        await store.rooms.create(r2);
        expect(await store.rooms.findById(r1.id)).toEqual(r1);
        expect(await store.rooms.findById(r2.id)).toEqual(r2);
        expect((await store.rooms.list()).map((r) => r.id)).toEqual([r2.id, r1.id]);
        expect(await store.rooms.findById(randomUUID())).toBeNull();
      });

      it("pages rooms in (createdAt, id) order from a cursor, ties broken by id", async () => {
        const same = at("2026-02-01T00:00:00Z");
        const rooms = [room({ createdAt: at("2026-01-01T00:00:00Z") }), { ...room({ createdAt: same }), id: "b-room" }, { ...room({ createdAt: same }), id: "a-room" }, room({ createdAt: at("2026-03-01T00:00:00Z") })];
        for (const r of rooms) await store.rooms.create(r);
        const order = (await store.rooms.list()).map((r) => r.id);
        const paged: string[] = [];
        let after: { createdAt: Date; id: string } | undefined;
        for (;;) {
          const page = await store.rooms.listPage({ after, limit: 2 });
          paged.push(...page.map((r) => r.id));
          if (page.length < 2) break;
          const last = page[page.length - 1]!;
          after = { createdAt: last.createdAt, id: last.id };
        }
        expect(paged).toEqual(order);
        expect(order.indexOf("a-room")).toBe(order.indexOf("b-room") - 1);
      });

      it("adds and removes members idempotently", async () => {
        const r = room();
        await store.rooms.create(r);
        expect(await store.rooms.isMember(r.id, "u1")).toBe(false);
        await store.rooms.addMember(r.id, "u1", at("2026-01-01T00:00:00Z"));
        await store.rooms.addMember(r.id, "u1", at("2026-01-01T00:05:00Z"));
        expect(await store.rooms.isMember(r.id, "u1")).toBe(true);
        expect(await store.rooms.isMember(r.id, "u2")).toBe(false);
        await store.rooms.removeMember(r.id, "u1");
        await store.rooms.removeMember(r.id, "u1");
        expect(await store.rooms.isMember(r.id, "u1")).toBe(false);
      });

      it("keeps memberships of different rooms apart", async () => {
        const a = room();
        const b = room();
        await store.rooms.create(a);
        await store.rooms.create(b);
        await store.rooms.addMember(a.id, "u1", at("2026-01-01T00:00:00Z"));
        expect(await store.rooms.isMember(b.id, "u1")).toBe(false);
      });
    });

    describe("messages", () => {
      const roomId = () => randomUUID();

      it("numbers a room's messages from 1 with no gaps, independently per room", async () => {
        const a = roomId();
        const b = roomId();
        const seqs = [];
        for (const r of [a, a, b, a, b]) seqs.push((await store.messages.append(message(r))).message.seq);
        expect(seqs).toEqual([1, 2, 1, 3, 2]);
      });

      it("returns the stored message with created true, dates as Date", async () => {
        const m = message(roomId());
        const { message: stored, created } = await store.messages.append(m);
        expect(created).toBe(true);
        expect(stored).toEqual({ ...m, seq: 1, deletedAt: null, held: false });
        expect(stored.createdAt).toBeInstanceOf(Date);
      });

      it("returns the original message for a repeated clientMsgId without using a seq", async () => {
        const r = roomId();
        const first = await store.messages.append(message(r, { body: "original" }));
        const again = await store.messages.append(message(r, { clientMsgId: first.message.clientMsgId, body: "retry" }));
        expect(again).toEqual({ message: first.message, created: false });
        expect((await store.messages.append(message(r))).message.seq).toBe(2);
        expect(await store.messages.lastSeq(r)).toBe(2);
      });

      it("allows the same clientMsgId in two different rooms", async () => {
        const clientMsgId = randomUUID();
        expect((await store.messages.append(message(roomId(), { clientMsgId }))).created).toBe(true);
        expect((await store.messages.append(message(roomId(), { clientMsgId }))).created).toBe(true);
      });

      it("gives 30 concurrent appends the seqs 1 to 30 exactly once", async () => {
        const r = roomId();
        const results = await Promise.all(Array.from({ length: 30 }, () => store.messages.append(message(r))));
        expect(results.map((x) => x.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect(await store.messages.lastSeq(r)).toBe(30);
      });

      it("stores one message for concurrent retries of the same clientMsgId", async () => {
        const r = roomId();
        const clientMsgId = randomUUID();
        const results = await Promise.all(Array.from({ length: 8 }, () => store.messages.append(message(r, { clientMsgId }))));
        expect(results.filter((x) => x.created)).toHaveLength(1);
        expect(new Set(results.map((x) => x.message.id)).size).toBe(1);
        expect(await store.messages.lastSeq(r)).toBe(1);
      });

      it("never lets a reader gap-filling during concurrent sends skip a message", async () => {
        const r = roomId();
        const total = 40;
        const writers = Promise.all(Array.from({ length: total }, () => store.messages.append(message(r))));
        // The client's gap-fill loop: ask for everything after the last seq seen, until all have arrived.
        const seen: number[] = [];
        let last = 0;
        for (let round = 0; seen.length < total && round < 10_000; round++) {
          const page = await store.messages.history(r, { after: last, limit: 100 });
          // A real reader's next request comes back over the network, a later turn of the loop.
          await new Promise((done) => setImmediate(done));
          for (const m of page) {
            seen.push(m.seq);
            last = m.seq;
          }
        }
        await writers;
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      });

      describe("with two nodes writing to one database", () => {
        let peer: Store;
        beforeEach(async () => {
          peer = await openPeer();
        });
        afterEach(() => peer.close());

        it("gives interleaved concurrent appends from both one gap-free sequence", async () => {
          const r = roomId();
          // Each node appends once first, so both have a remembered seq that the other makes stale.
          await store.messages.append(message(r));
          await peer.messages.append(message(r));
          const results = await Promise.all(
            Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? store : peer).messages.append(message(r))),
          );
          expect(results.map((x) => x.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 3));
          expect(await peer.messages.lastSeq(r)).toBe(32);
          expect((await store.messages.history(r, { after: 0, limit: 100 })).map((m) => m.seq)).toEqual(
            Array.from({ length: 32 }, (_, i) => i + 1),
          );
        });

        it("returns the original message when a retry reaches the other node", async () => {
          const r = roomId();
          const clientMsgId = randomUUID();
          const first = await store.messages.append(message(r, { clientMsgId }));
          await store.messages.append(message(r));
          const retry = await peer.messages.append(message(r, { clientMsgId }));
          expect(retry.created).toBe(false);
          expect(retry.message.id).toBe(first.message.id);
          expect(retry.message.seq).toBe(1);
          // The node that served the retry must not reuse a seq it never allocated.
          expect((await peer.messages.append(message(r))).message.seq).toBe(3);
        });

        it("leaves no gap when a retry clashes only on its clientMsgId at a free seq", async () => {
          const r = roomId();
          const clientMsgId = randomUUID();
          const first = await store.messages.append(message(r, { clientMsgId }));
          // The peer learns the last seq (2) by writing, so its next batch starts at a seq nobody holds.
          expect((await peer.messages.append(message(r))).message.seq).toBe(2);
          const [retry, fresh] = await Promise.all([peer.messages.append(message(r, { clientMsgId })), peer.messages.append(message(r))]);
          expect(retry.message.id).toBe(first.message.id);
          expect(fresh.message.seq).toBe(3);
          expect((await store.messages.history(r, { after: 0, limit: 10 })).map((m) => m.seq)).toEqual([1, 2, 3]);
        });

        it("catches up on many seqs the other node took while its own was remembered", async () => {
          const r = roomId();
          await peer.messages.append(message(r));
          await Promise.all(Array.from({ length: 25 }, () => store.messages.append(message(r))));
          const next = await Promise.all(Array.from({ length: 5 }, () => peer.messages.append(message(r))));
          expect(next.map((x) => x.message.seq).sort((a, b) => a - b)).toEqual([27, 28, 29, 30, 31]);
        });
      });

      describe("history", () => {
        let r: string;
        beforeEach(async () => {
          r = roomId();
          for (let i = 0; i < 12; i++) await store.messages.append(message(r, { body: `m${i + 1}` }));
        });
        const seqs = async (q: { before?: number; after?: number; limit: number }) => (await store.messages.history(r, q)).map((m) => m.seq);

        it("returns the newest page, ascending, with no bounds", async () => {
          expect(await seqs({ limit: 5 })).toEqual([8, 9, 10, 11, 12]);
        });

        it("returns the newest below `before`, ascending", async () => {
          expect(await seqs({ before: 8, limit: 3 })).toEqual([5, 6, 7]);
          expect(await seqs({ before: 2, limit: 10 })).toEqual([1]);
        });

        it("returns the oldest above `after`, ascending", async () => {
          expect(await seqs({ after: 2, limit: 3 })).toEqual([3, 4, 5]);
          expect(await seqs({ after: 12, limit: 3 })).toEqual([]);
        });

        it("returns the range strictly between `after` and `before`", async () => {
          expect(await seqs({ after: 3, before: 7, limit: 10 })).toEqual([4, 5, 6]);
          expect(await seqs({ after: 3, before: 7, limit: 2 })).toEqual([4, 5]);
        });

        it("returns the bodies stored and nothing from other rooms", async () => {
          await store.messages.append(message(roomId(), { body: "elsewhere" }));
          const page = await store.messages.history(r, { after: 0, limit: 100 });
          expect(page.map((m) => m.body)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i + 1}`));
        });
      });

      it("reports lastSeq 0 for a room with no messages", async () => {
        expect(await store.messages.lastSeq(roomId())).toBe(0);
      });
    });

    describe("lifecycle", () => {
      it("answers ping while open and refuses work after close", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(store.users.findById(randomUUID())).rejects.toBeDefined();
        await expect(store.ping()).rejects.toBeDefined();
        await store.close();
      });
    });
  });
}
