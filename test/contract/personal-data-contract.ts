/**
 * The storage contract for a person's own data: reading it back for their export, and erasing
 * their account. Every Store runs it unchanged.
 */
import { randomUUID } from "node:crypto";
import type { AccountErasure } from "../../server/src/storage/personal-data-ports";
import type { Store } from "../../server/src/storage/ports";
import type { StoreFactory } from "./store-contract";

const at = (iso: string) => new Date(iso);

async function person(store: Store, role: "member" | "peer" = "member") {
  const id = randomUUID();
  await store.users.create({ id, username: `u${id.slice(0, 8)}`, displayName: `Person ${id.slice(0, 4)}`, role, passwordHash: "x", createdAt: at("2026-04-01T09:00:00.000Z") });
  return id;
}

const say = (store: Store, roomId: string, authorId: string, minute: number, body = `words ${minute}`) =>
  store.messages.append({ id: randomUUID(), roomId, authorId, authorName: "Them", body, clientMsgId: randomUUID(), createdAt: at(`2026-04-01T10:${String(minute).padStart(2, "0")}:00.000Z`) });

const erasure = (userId: string, over: Partial<AccountErasure> = {}): AccountErasure => ({
  userId,
  pseudonym: randomUUID(),
  pseudonymName: "Former member",
  messages: "erase",
  by: "admin-1",
  at: at("2026-05-01T00:00:00.000Z"),
  ...over,
});

export function describePersonalDataContract(name: string, factory: StoreFactory): void {
  describe(`personal data contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    it("pages a person's messages across places, oldest first, and no one else's", async () => {
      const me = await person(store);
      const other = await person(store);
      const [roomA, roomB] = [randomUUID(), randomUUID()];
      for (const [room, minute] of [[roomA, 1], [roomB, 2], [roomA, 3], [roomB, 4], [roomA, 5]] as const) await say(store, room, me, minute);
      await say(store, roomA, other, 6);
      const first = await store.personal.messagesBy(me, { limit: 2 });
      const last = first[first.length - 1]!;
      const rest = await store.personal.messagesBy(me, { after: { createdAt: last.createdAt, id: last.id }, limit: 10 });
      expect([...first, ...rest].map((m) => m.body)).toEqual(["words 1", "words 2", "words 3", "words 4", "words 5"]);
    });

    it("erases the bodies, renames the author, deletes the account and keeps others' words; a second run changes nothing more", async () => {
      const me = await person(store);
      const other = await person(store);
      const room = randomUUID();
      const mine = (await say(store, room, me, 1, "mine")).message;
      await say(store, room, other, 2, "theirs");
      await store.audit.append({ id: randomUUID(), at: at("2026-04-02T00:00:00.000Z"), actorId: other, actorRole: "moderator", action: "mute", targetUserId: me, roomId: room, sessionId: null, messageId: null, reason: "r", details: { minutes: 5 } });
      const e = erasure(me);
      const result = await store.personal.eraseAccount(e);
      expect(result.erased).toEqual([{ roomId: room, messageId: mine.id, seq: 1 }]);
      expect((await store.messages.history(room, { limit: 10 })).map((m) => [m.body, m.authorId, m.deletedAt !== null])).toEqual([
        ["", e.pseudonym, true],
        ["theirs", other, false],
      ]);
      expect(await store.users.findById(me)).toBeNull();
      expect(await store.users.findById(other)).not.toBeNull();
      expect((await store.audit.query({ userId: e.pseudonym, limit: 5 })).map((a) => [a.action, a.targetUserId])).toEqual([["mute", e.pseudonym]]);
      expect(await store.audit.query({ userId: me, limit: 5 })).toEqual([]);
      expect(await store.personal.eraseAccount({ ...e, pseudonym: randomUUID() })).toEqual({ erased: [], pseudonymised: 0 });
    });

    it("keeps the words under the pseudonym when asked to, and ends assignments and conversations", async () => {
      const me = await person(store);
      const peer = await person(store, "peer");
      await store.assignments.create({ id: randomUUID(), memberId: me, peerId: peer, createdBy: "admin-1", createdAt: at("2026-04-01T10:00:00.000Z"), endedAt: null });
      const c = await store.conversations.ensure({ id: randomUUID(), memberId: me, peerId: peer, createdAt: at("2026-04-01T10:00:00.000Z"), readOnlySince: null });
      await say(store, c.id, me, 1, "kept");
      const e = erasure(me, { messages: "pseudonymise" });
      expect(await store.personal.eraseAccount(e)).toEqual({ erased: [], pseudonymised: 1 });
      expect((await store.messages.history(c.id, { limit: 10 }))[0]).toMatchObject({ body: "kept", authorId: e.pseudonym, authorName: "Former member", deletedAt: null });
      expect(await store.assignments.activeFor(peer)).toEqual([]);
      expect(await store.conversations.findById(c.id)).toMatchObject({ memberId: e.pseudonym, peerId: peer, readOnlySince: e.at });
    });
  });
}
