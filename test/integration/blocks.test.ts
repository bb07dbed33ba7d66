/**
 * Blocking a person in rooms: the server hides the blocked member's room messages, typing and
 * reactions from the blocker, live and in history, and from nobody else; staff and crisis alerts are
 * untouched; bad requests change nothing.
 */
import { randomUUID } from "node:crypto";
import type { AccountExport } from "../../shared/account-export";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";
import { listed } from "../support/room-list";

eachStore((openStore) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { MESSAGE_RATE_LIMIT: "100000" } });
  });
  afterAll(() => server.close());

  /** A room with a moderator watching it, the blocker, the person they block and a bystander. */
  async function scene() {
    const mod = await server.connectAs("moderator");
    const { room, members } = await roomWithMembers(server, mod.socket, 3);
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const [blocker, blocked, other] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
    return { room, mod, blocker, blocked, other };
  }
  const send = async (socket: Parameters<typeof request>[0], roomId: string, body: string) =>
    expectOk(await request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));

  it("stops the blocked person's live messages reaching the blocker at once, while everyone else still gets them", async () => {
    const { room, mod, blocker, blocked, other } = await scene();
    // Heard before the block: the node has just looked up who blocked this author (nobody).
    const first = nextEvent(blocker.socket, "message:created");
    await send(blocked.socket, room.id, "Before the block");
    expect((await first).body).toBe("Before the block");
    expect(expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }))).toEqual({ userId: blocked.user.id, blocked: true });
    const toBlocker = collect(blocker.socket, "message:created");
    const toOther = nextEvent(other.socket, "message:created");
    const toMod = nextEvent(mod.socket, "message:created");
    const sent = await send(blocked.socket, room.id, "Anyone around tonight?");
    expect((await toOther).id).toBe(sent.id);
    expect((await toMod).id).toBe(sent.id);
    // The blocker still hears everyone else.
    const fromOther = nextEvent(blocker.socket, "message:created");
    await send(other.socket, room.id, "I am here");
    expect((await fromOther).authorId).toBe(other.user.id);
    await settle();
    expect(toBlocker.map((m) => m.authorId)).toEqual([other.user.id]);
  });

  it("tells the blocker's other tabs of a block, and nobody else", async () => {
    const { room, blocker, blocked, other } = await scene();
    const secondTab = await server.connect(blocker.token);
    expectOk(await request(secondTab, "room:join", { roomId: room.id }));
    const toSecond = nextEvent(secondTab, "block:changed");
    const toFirst = collect(blocker.socket, "block:changed");
    const toBlocked = collect(blocked.socket, "block:changed");
    const toOther = collect(other.socket, "block:changed");
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    expect(await toSecond).toEqual({ userId: blocked.user.id, blocked: true });
    await settle();
    expect([toFirst, toBlocked, toOther]).toEqual([[], [], []]);
    secondTab.disconnect();
  });

  it("leaves the blocked person's messages out of the blocker's history as placeholders that keep every seq", async () => {
    const { room, mod, blocker, blocked, other } = await scene();
    await send(other.socket, room.id, "first");
    const hiddenOne = await send(blocked.socket, room.id, "second, from the blocked person");
    await send(other.socket, room.id, "third");
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));

    const page = expectOk(await request(blocker.socket, "message:history", { roomId: room.id })).messages;
    expect(page.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(page[1]).toMatchObject({ id: hiddenOne.id, seq: 2, hidden: true, body: "", authorId: "", authorName: "" });
    expect(JSON.stringify(page)).not.toContain("blocked person");
    // The catch-up path after a reconnect asks with `after`: the same placeholder fills the seq.
    const after = expectOk(await request(blocker.socket, "message:history", { roomId: room.id, after: 1 })).messages;
    expect(after.map((m) => [m.seq, m.hidden === true])).toEqual([[2, true], [3, false]]);

    for (const reader of [other, mod, blocked]) {
      const seen = expectOk(await request(reader.socket, "message:history", { roomId: room.id })).messages;
      expect(seen[1]).toMatchObject({ id: hiddenOne.id, body: "second, from the blocked person" });
      expect(seen[1]!.hidden).toBeUndefined();
    }
  });

  it("restores live messages and history on unblock, and both are idempotent", async () => {
    const { room, blocker, blocked } = await scene();
    const set = (value: boolean) => request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: value });
    expectOk(await set(true));
    expectOk(await set(true));
    expect(expectOk(await request(blocker.socket, "block:list", {})).people).toEqual([
      { userId: blocked.user.id, displayName: blocked.user.displayName, blockedAt: expect.any(String) },
    ]);
    await send(blocked.socket, room.id, "while blocked");
    expectOk(await set(false));
    expectOk(await set(false));
    expect(expectOk(await request(blocker.socket, "block:list", {})).people).toEqual([]);

    const heard = nextEvent(blocker.socket, "message:created");
    await send(blocked.socket, room.id, "after the unblock");
    expect((await heard).body).toBe("after the unblock");
    const page = expectOk(await request(blocker.socket, "message:history", { roomId: room.id })).messages;
    expect(page.map((m) => m.body)).toEqual(["while blocked", "after the unblock"]);
  });

  it("leaves the blocked person's messages out of the blocker's unread counts and room activity", async () => {
    const { room, blocker, blocked, other } = await scene();
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    // Room activity reaches the sockets that do not have the room open: a phone on the room list.
    const [blockerPhone, otherPhone] = [await server.connect(blocker.token), await server.connect(other.token)];
    const activity = collect(blockerPhone, "room:activity");
    const otherHeard = nextEvent(otherPhone, "room:activity");
    await send(blocked.socket, room.id, "Hidden from the blocker");
    expect((await otherHeard).roomId).toBe(room.id);
    const counted = nextEvent(blockerPhone, "room:activity");
    const fromOther = await send(other.socket, room.id, "Seen by everyone");
    expect((await counted).seq).toBe(fromOther.seq);
    await settle();
    expect(activity.map((a) => a.seq)).toEqual([fromOther.seq]);
    const unread = async (socket: Parameters<typeof request>[0]) => (await listed(socket, room.id)).unread;
    expect(await unread(blocker.socket)).toBe(1);
    expect(await unread(other.socket)).toBe(1);
    // Unblocked, the person's messages count again.
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: false }));
    expect(await unread(blocker.socket)).toBe(2);
  });

  it("does not pass on the blocked person's typing, reactions or edits to the blocker", async () => {
    const { room, blocker, blocked, other } = await scene();
    const message = await send(other.socket, room.id, "Rough day");
    const own = await send(blocked.socket, room.id, "typo hre");
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    const typing = collect(blocker.socket, "typing:updated");
    const reactions = collect(blocker.socket, "reaction:updated");
    const edits = collect(blocker.socket, "message:edited");
    const otherTyping = nextEvent(other.socket, "typing:updated");
    const otherReaction = nextEvent(other.socket, "reaction:updated");
    const otherEdit = nextEvent(other.socket, "message:edited");
    expectOk(await request(blocked.socket, "typing:set", { roomId: room.id, typing: true }));
    expectOk(await request(blocked.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "🤗", on: true }));
    expectOk(await request(blocked.socket, "message:edit", { roomId: room.id, messageId: own.id, body: "typo here" }));
    await Promise.all([otherTyping, otherReaction, otherEdit]);
    await settle();
    expect([typing, reactions, edits]).toEqual([[], [], []]);
  });

  it("refuses to block staff, oneself, an unknown person, and refuses blocks by staff, with nothing stored", async () => {
    const { blocker, blocked, mod } = await scene();
    for (const role of ["peer", "moderator", "admin"] as const) {
      const staff = (await server.createUser(role)).user;
      const ack = await request(blocker.socket, "block:set", { userId: staff.id, blocked: true });
      expect(ack).toMatchObject({ ok: false, error: { code: "forbidden" } });
      if (!ack.ok) expect(ack.error.message).toMatch(/must always reach people/);
    }
    expect(await request(blocker.socket, "block:set", { userId: blocker.user.id, blocked: true })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(blocker.socket, "block:set", { userId: randomUUID(), blocked: true })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await request(mod.socket, "block:set", { userId: blocked.user.id, blocked: true })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await server.store.blocks.listBy(blocker.user.id)).toEqual([]);
    expect(await server.store.blocks.listBy(mod.user.id)).toEqual([]);
  });

  it("answers invalid input with invalid_input and changes nothing", async () => {
    const { room, blocker, blocked } = await scene();
    for (const payload of [
      { userId: "not-a-uuid", blocked: true },
      { userId: blocked.user.id, blocked: "yes" },
      { userId: blocked.user.id },
      { userId: blocked.user.id, blocked: true, extra: 1 },
      null,
    ]) {
      expect(await request(blocker.socket, "block:set", payload)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await request(blocker.socket, "block:list", { extra: 1 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await server.store.blocks.listBy(blocker.user.id)).toEqual([]);
    const heard = nextEvent(blocker.socket, "message:created");
    await send(blocked.socket, room.id, "still heard");
    expect((await heard).body).toBe("still heard");
  });

  it("keeps the crisis flow whole: moderators are alerted and the author is offered support", async () => {
    const { room, mod, blocker, blocked } = await scene();
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    const raised = nextEvent(mod.socket, "flag:raised");
    const inRoom = nextEvent(mod.socket, "message:created");
    const support = nextEvent(blocked.socket, "support:offered");
    const sent = await send(blocked.socket, room.id, "I am going to kill myself tonight");
    expect((await raised).authorId).toBe(blocked.user.id);
    expect((await inRoom).id).toBe(sent.id);
    await support;
  });

  it("puts the blocker's blocks in their export, and erasing either account deletes them", async () => {
    const { blocker, blocked, other } = await scene();
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    expectOk(await request(other.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    expectOk(await request(blocked.socket, "block:set", { userId: other.user.id, blocked: true }));
    const exported = await api<AccountExport>(server.url, blocker.token, "GET", "/api/me/export");
    expect(exported.body.blocks).toEqual([{ userId: blocked.user.id, displayName: blocked.user.displayName, blockedAt: expect.any(String) }]);
    // The blocked person's export does not say who blocked them.
    const theirs = await api<AccountExport>(server.url, blocked.token, "GET", "/api/me/export");
    expect(theirs.body.blocks.map((b) => b.userId)).toEqual([other.user.id]);

    const erased = await api(server.url, blocked.token, "DELETE", "/api/me", { password: "correct horse battery staple" });
    expect(erased.status).toBeLessThan(300);
    expect(await server.store.blocks.listBy(blocker.user.id)).toEqual([]);
    expect(await server.store.blocks.listBy(blocked.user.id)).toEqual([]);
    expect(await server.store.blocks.blockersOf(blocked.user.id)).toEqual([]);

    expectOk(await request(other.socket, "block:set", { userId: blocker.user.id, blocked: true }));
    expect((await api(server.url, other.token, "DELETE", "/api/me", { password: "correct horse battery staple" })).status).toBeLessThan(300);
    expect(await server.store.blocks.blockersOf(blocker.user.id)).toEqual([]);
  });
});
