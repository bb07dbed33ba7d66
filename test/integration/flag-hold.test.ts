/**
 * CRISIS_HOLD_IMMINENT: an imminent-tier message in a group room is stored, flagged and alerted,
 * but reaches only its author until a moderator releases it; everyone else's history keeps a
 * bodiless placeholder under its seq, so gap-fill never finds a hole.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer, uniqueName } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

const IMMINENT = "I am going to kill myself tonight";

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { CRISIS_HOLD_IMMINENT: "true", MESSAGE_RATE_LIMIT: "1000" } });
    moderator = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  const roomWith = (count: number) => roomWithMembers(server, moderator.socket, count);
  const say = (socket: ClientSocket, roomId: string, body: string) => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });

  it("stores and flags an imminent message but shows it only to its author, as held, until a moderator releases it", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const authorTab = await server.connect(author.token);
    expectOk(await request(authorTab, "room:join", { roomId: room.id }));
    const authorElsewhere = await server.connect(author.token);
    const otherGets = collect(other.socket, "message:created");
    const elsewhereGets = collect(authorElsewhere, "message:created");
    const raised = nextEvent(moderator.socket, "flag:raised");
    const tabGets = nextEvent(authorTab, "message:created");

    const held = expectOk(await say(author.socket, room.id, IMMINENT));
    expect(held).toMatchObject({ seq: 1, body: IMMINENT, held: true });
    // Stored before the ack, as every message.
    expect(await server.store.messages.findById(room.id, held.id)).toMatchObject({ held: true, body: IMMINENT });
    expect(await tabGets).toMatchObject({ id: held.id, held: true, body: IMMINENT });
    const flag = await raised;
    expect(flag).toMatchObject({ severity: "imminent", held: true, authorId: author.user.id });
    expect(expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id })).heldMessageIds).toEqual([held.id]);

    // The room carries on: the next message arrives with seq 2, and gap-filling seq 1 finds a placeholder.
    const next = nextEvent(other.socket, "message:created");
    expectOk(await say(author.socket, room.id, "sorry, ignore that"));
    expect(await next).toMatchObject({ seq: 2 });
    const page = expectOk(await request(other.socket, "message:history", { roomId: room.id, after: 0 }));
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(page.messages[0]).toMatchObject({ id: held.id, seq: 1, held: true, body: "", authorId: "", authorName: "", clientMsgId: "" });
    const own = expectOk(await request(author.socket, "message:history", { roomId: room.id, after: 0 }));
    expect(own.messages[0]).toMatchObject({ body: IMMINENT, held: true });
    await settle();
    expect(otherGets.map((m) => m.seq)).toEqual([2]);
    expect(elsewhereGets).toEqual([]);

    // A member cannot release it; a moderator can, once.
    const refused = await request(other.socket, "flag:release", { flagId: flag.id });
    expect(refused.ok === false && refused.error.code).toBe("forbidden");
    const released = nextEvent(other.socket, "message:released");
    const authorCleared = nextEvent(author.socket, "message:released");
    const updated = nextEvent(moderator.socket, "flag:updated");
    expect(expectOk(await request(moderator.socket, "flag:release", { flagId: flag.id }))).toMatchObject({ id: flag.id, held: false });
    expect(await released).toMatchObject({ id: held.id, seq: 1, body: IMMINENT, authorId: author.user.id });
    expect((await released).held).toBeUndefined();
    expect((await authorCleared).id).toBe(held.id);
    expect(await updated).toMatchObject({ id: flag.id, held: false });
    const after = expectOk(await request(other.socket, "message:history", { roomId: room.id, after: 0 }));
    expect(after.messages[0]).toMatchObject({ body: IMMINENT, authorId: author.user.id });
    expect(after.messages[0]!.held).toBeUndefined();
    const again = await request(moderator.socket, "flag:release", { flagId: flag.id });
    expect(again.ok === false && again.error.code).toBe("conflict");

    const admin = await server.connectAs("admin");
    const audit = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?action=flag.release&userId=${moderator.user.id}`);
    expect(audit.body.entries).toEqual([expect.objectContaining({ targetUserId: author.user.id, roomId: room.id, messageId: held.id, details: { flagId: flag.id, messages: [held.id] } })]);
  });

  it("leaves a message withheld when its flag is resolved, and a deleted held message stays out of sight", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const raised = nextEvent(moderator.socket, "flag:raised");
    const held = expectOk(await say(author.socket, room.id, IMMINENT));
    const flag = await raised;
    expect(expectOk(await request(moderator.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted" }))).toMatchObject({ status: "resolved", held: true });
    expect(expectOk(await request(other.socket, "message:history", { roomId: room.id })).messages[0]).toMatchObject({ held: true, body: "" });

    const otherReleased = collect(other.socket, "message:released");
    expectOk(await request(moderator.socket, "message:delete", { roomId: room.id, messageId: held.id }));
    const release = await request(moderator.socket, "flag:release", { flagId: flag.id });
    expect(release.ok === false && release.error.code).toBe("conflict");
    await settle();
    expect(otherReleased).toEqual([]);
    expect(expectOk(await request(other.socket, "message:history", { roomId: room.id })).messages[0]).toMatchObject({ body: "", deletedAt: expect.any(String) });
    // Deleted means gone, from the flag too; the flag keeps that it was there.
    expect(expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id })).context.at(-1)).toMatchObject({ id: held.id, body: "", erasedBy: moderator.user.id });
  });

  it("does not hold lower tiers or private conversations", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const delivered = nextEvent(other.socket, "message:created");
    const raised = nextEvent(moderator.socket, "flag:raised");
    const high = expectOk(await say(author.socket, room.id, "I want to kill myself"));
    expect(high.held).toBeUndefined();
    expect((await delivered).id).toBe(high.id);
    expect(await raised).toMatchObject({ severity: "high", held: false });

    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, moderator.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const peerGets = nextEvent(peer.socket, "conversation:message");
    const dmFlag = nextEvent(moderator.socket, "flag:raised");
    expectOk(await request(member.socket, "conversation:send", { conversationId: res.body.conversationId, clientMsgId: randomUUID(), body: IMMINENT }));
    expect(await peerGets).toMatchObject({ body: IMMINENT });
    expect(await dmFlag).toMatchObject({ severity: "imminent", held: false });
  });

  it("never holds a message that pages nobody: a negated imminent phrase is delivered and only listed", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const delivered = nextEvent(other.socket, "message:created");
    const listed = nextEvent(moderator.socket, "flag:listed");
    const raised = collect(moderator.socket, "flag:raised");
    const support = collect(author.socket, "support:offered");
    const body = "I am not going to kill myself tonight";
    const sent = expectOk(await say(author.socket, room.id, body));
    expect(sent.held).toBeUndefined();
    expect(await delivered).toMatchObject({ id: sent.id, body });
    expect(await listed).toMatchObject({ authorId: author.user.id, reasons: ["negated"] });
    expect(await server.store.messages.findById(room.id, sent.id)).toMatchObject({ held: false });
    await settle();
    expect(raised.filter((f) => f.place.id === room.id)).toEqual([]);
    expect(support).toEqual([]);
  });

  it("refuses an invalid release with invalid_input", async () => {
    const ack = await request(moderator.socket, "flag:release", { flagId: "not-a-uuid" } as never);
    expect(ack.ok === false && ack.error.code).toBe("invalid_input");
  });
});

describe("without CRISIS_HOLD_IMMINENT", () => {
  it("broadcasts an imminent message to the room as usual", async () => {
    const server = await startTestServer();
    try {
      const moderator = await server.connectAs("moderator");
      const room = expectOk(await request(moderator.socket, "room:create", { name: uniqueName("Open room ") }));
      const [author, other] = [await server.connectAs("member"), await server.connectAs("member")];
      for (const c of [author, other]) expectOk(await request(c.socket, "room:join", { roomId: room.id }));
      const delivered = nextEvent(other.socket, "message:created");
      const raised = nextEvent(moderator.socket, "flag:raised");
      const sent = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: IMMINENT }));
      expect(sent.held).toBeUndefined();
      expect(await delivered).toMatchObject({ id: sent.id, body: IMMINENT });
      expect(await raised).toMatchObject({ severity: "imminent", held: false });
    } finally {
      await server.close();
    }
  });
});
