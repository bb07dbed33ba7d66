/**
 * Room unread counts: what is new to a person in the rooms they are in, their read mark that only
 * rises, who may mark or see counts, and how one device's reading reaches the others.
 */
import { randomUUID } from "node:crypto";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";
import { listed } from "../support/room-list";

const send = async (socket: ClientSocket, roomId: string, body = "Hello") =>
  expectOk(await request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));

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
    return { mod, room, author, reader };
  }

  it("counts others' messages after the mark, not one's own nor deleted ones", async () => {
    const { mod, room, author, reader } = await scene();
    const first = await send(author.socket, room.id, "One");
    await send(author.socket, room.id, "Two");
    await send(author.socket, room.id, "Three");
    await send(reader.socket, room.id, "Mine");
    expect(await listed(reader.socket, room.id)).toMatchObject({ unread: 3, lastReadSeq: 0 });
    expect(await listed(author.socket, room.id)).toMatchObject({ unread: 1, lastReadSeq: 0 });
    expectOk(await request(mod.socket, "message:delete", { roomId: room.id, messageId: first.id }));
    expect((await listed(reader.socket, room.id)).unread).toBe(2);
  });

  it("lowers the count on room:read, never moves the mark back, clamps it to the last message, and refuses bad input", async () => {
    const { room, author, reader } = await scene();
    for (const body of ["a", "b", "c", "d"]) await send(author.socket, room.id, body);
    expect(expectOk(await request(reader.socket, "room:read", { roomId: room.id, seq: 3 }))).toEqual({ roomId: room.id, seq: 3, unread: 1 });
    expect(await listed(reader.socket, room.id)).toMatchObject({ unread: 1, lastReadSeq: 3 });
    expect(expectOk(await request(reader.socket, "room:read", { roomId: room.id, seq: 1 }))).toEqual({ roomId: room.id, seq: 3, unread: 1 });
    for (const bad of [{ roomId: room.id, seq: -1 }, { roomId: room.id, seq: 1.5 }, { roomId: room.id }, { roomId: room.id, seq: 4, extra: 1 }]) {
      const ack = await request(reader.socket, "room:read", bad);
      expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    }
    expect((await listed(reader.socket, room.id)).lastReadSeq).toBe(3);
    // A mark past the last message would hide the next one as already read.
    expect(expectOk(await request(reader.socket, "room:read", { roomId: room.id, seq: 1000 })).seq).toBe(4);
    await send(author.socket, room.id, "e");
    expect(await listed(reader.socket, room.id)).toMatchObject({ unread: 1, lastReadSeq: 4 });
  });

  it("refuses marks and counts to someone who is not in the room, or is banned from it", async () => {
    const { mod, room, author, reader } = await scene();
    await send(author.socket, room.id, "Hi");
    const outsider = await server.connectAs("member");
    const notIn = await request(outsider.socket, "room:read", { roomId: room.id, seq: 1 });
    expect(notIn.ok === false && notIn.error.code).toBe("forbidden");
    const seen = await listed(outsider.socket, room.id);
    expect(seen.unread).toBeUndefined();
    expect(seen.lastReadSeq).toBeUndefined();
    const unknown = await request(reader.socket, "room:read", { roomId: randomUUID(), seq: 1 });
    expect(unknown.ok === false && unknown.error.code).toBe("not_found");

    expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: reader.user.id, scope: "room", reason: "Testing the ban" }));
    const banned = await request(reader.socket, "room:read", { roomId: room.id, seq: 1 });
    expect(banned.ok === false && banned.error.code).toBe("forbidden");
    expect((await listed(reader.socket, room.id)).unread).toBeUndefined();
    expect(await server.store.roomReads.marksOf(outsider.user.id)).toEqual([]);
    expect(await server.store.roomReads.marksOf(reader.user.id)).toEqual([]);
  });

  it("gives no counts to a member banned from every session", async () => {
    const { mod, room, author, reader } = await scene();
    const other = expectOk(await request(mod.socket, "room:create", { name: `Other ${randomUUID()}` }));
    expectOk(await request(reader.socket, "room:join", { roomId: other.id }));
    await send(author.socket, room.id, "Hi");
    expect((await listed(reader.socket, other.id)).unread).toBe(0);
    expectOk(await request(mod.socket, "moderation:ban", { roomId: room.id, userId: reader.user.id, scope: "all", reason: "Testing the ban" }));
    // Still a member of the other room on record, but may not read it now.
    expect((await listed(reader.socket, other.id)).unread).toBeUndefined();
    const refused = await request(reader.socket, "room:read", { roomId: other.id, seq: 0 });
    expect(refused.ok === false && refused.error.code).toBe("forbidden");
  });

  it("tells the person's other sockets when one marks, and members' sockets that never opened the room when a message comes", async () => {
    const { room, author, reader } = await scene();
    const otherDevice = await server.connect(reader.token);
    const authorHears = collect(author.socket, "room:activity");
    // The reader's socket with the room open gets the message itself, not a second packet about it.
    const openHears = collect(reader.socket, "room:activity");
    const arrived = nextEvent(otherDevice, "room:activity");
    await send(author.socket, room.id, "Are you there?");
    expect(await arrived).toEqual({ roomId: room.id, seq: 1 });

    const cleared = nextEvent(otherDevice, "room:read_mark");
    const selfHears = collect(reader.socket, "room:read_mark");
    expectOk(await request(reader.socket, "room:read", { roomId: room.id, seq: 1 }));
    expect(await cleared).toEqual({ roomId: room.id, seq: 1, unread: 0 });
    await settle();
    expect(selfHears).toEqual([]);
    expect(authorHears).toEqual([]);
    expect(openHears).toEqual([]);
  });
});
