import { randomUUID } from "node:crypto";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

eachStore((openStore) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await openStore() });
  });
  afterAll(() => server.close());

  async function scene() {
    const mod = await server.connectAs("moderator");
    const { room, members } = await roomWithMembers(server, mod.socket, 2);
    const [author, reader] = members as [(typeof members)[0], (typeof members)[0]];
    const message = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "Rough day" }));
    return { room, author, reader, message };
  }

  it("stores a reaction once however often it is set, tells the room the tallies, and shows it in history", async () => {
    const { room, author, reader, message } = await scene();
    const heard = nextEvent(author.socket, "reaction:updated");
    const set = { roomId: room.id, messageId: message.id, emoji: "🤗", on: true };
    const first = expectOk(await request(reader.socket, "reaction:set", set));
    expect(first.counts).toEqual([{ emoji: "🤗", count: 1 }]);
    expect(await heard).toEqual({ roomId: room.id, messageId: message.id, userId: reader.user.id, emoji: "🤗", on: true, counts: [{ emoji: "🤗", count: 1 }] });
    expect(expectOk(await request(reader.socket, "reaction:set", set)).counts).toEqual([{ emoji: "🤗", count: 1 }]);
    expectOk(await request(author.socket, "reaction:set", { ...set, emoji: "❤️" }));

    const seenByReader = expectOk(await request(reader.socket, "message:history", { roomId: room.id })).messages[0]!;
    expect(seenByReader.reactions).toEqual([
      { emoji: "🤗", count: 1, mine: true },
      { emoji: "❤️", count: 1, mine: false },
    ]);
  });

  it("takes a reaction back, idempotently", async () => {
    const { room, reader, message } = await scene();
    const set = { roomId: room.id, messageId: message.id, emoji: "💪", on: true };
    expectOk(await request(reader.socket, "reaction:set", set));
    expect(expectOk(await request(reader.socket, "reaction:set", { ...set, on: false })).counts).toEqual([]);
    expect(expectOk(await request(reader.socket, "reaction:set", { ...set, on: false })).counts).toEqual([]);
    const again = expectOk(await request(reader.socket, "message:history", { roomId: room.id })).messages[0]!;
    expect(again.reactions).toBeUndefined();
  });

  it("takes a message's reactions when a moderator deletes it, and refuses new ones", async () => {
    const { room, author, reader, message } = await scene();
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    for (const who of [author, reader]) expectOk(await request(who.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "🙏", on: true }));
    expectOk(await request(mod.socket, "message:delete", { roomId: room.id, messageId: message.id, reason: "shared too much" }));
    expect((await server.store.reactions.tallies([message.id], reader.user.id)).size).toBe(0);
    expect((await server.store.personal.reactionsBy(reader.user.id)).length).toBe(0);
    const refused = await request(reader.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "🙏", on: true });
    expect(refused.ok === false && refused.error.code).toBe("not_found");
  });

  it("takes a message's reactions when its author deletes it", async () => {
    const { room, author, reader, message } = await scene();
    expectOk(await request(reader.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "❤️", on: true }));
    expectOk(await request(author.socket, "message:delete", { roomId: room.id, messageId: message.id }));
    expect((await server.store.reactions.tallies([message.id], reader.user.id)).size).toBe(0);
  });

  it("refuses an emoji outside the set, and someone who may not read the room, changing nothing", async () => {
    const { room, author, message } = await scene();
    const outsider = await server.connectAs("member");
    const heard = collect(author.socket, "reaction:updated");
    const bad = await request(author.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "👎", on: true });
    expect(bad.ok === false && bad.error.code).toBe("invalid_input");
    const refused = await request(outsider.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "🙏", on: true });
    expect(refused.ok === false && refused.error.code).toBe("forbidden");
    const unknown = await request(author.socket, "reaction:set", { roomId: room.id, messageId: randomUUID(), emoji: "🙏", on: true });
    expect(unknown.ok === false && unknown.error.code).toBe("not_found");
    await settle();
    expect(heard).toEqual([]);
    expect((await server.store.reactions.tallies([message.id], author.user.id)).size).toBe(0);
  });
});
