import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;

  beforeAll(async () => {
    server = await startTestServer({
      store: await openStore(),
      // A slow tick, so that what the tests see without calling tick() was captured when it was sent.
      env: { FLAG_CONTEXT_MESSAGES: "3", SESSION_TICK_SECONDS: "300", MESSAGE_RATE_LIMIT: "1000", CRISIS_RESOURCES: JSON.stringify([{ name: "Crisis text line", contact: "Text HOME to 741741" }]) },
    });
    moderator = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  const roomWith = (count: number) => roomWithMembers(server, moderator.socket, count);
  const say = (socket: ClientSocket, roomId: string, body: string, clientMsgId = randomUUID()) => request(socket, "message:send", { roomId, clientMsgId, body });

  it("delivers the message, alerts moderators without its text, offers the author support, and tells no one else", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const raised = nextEvent(moderator.socket, "flag:raised");
    const support = nextEvent(author.socket, "support:offered");
    const delivered = nextEvent(other.socket, "message:created");
    const otherSees = [collect(other.socket, "support:offered"), collect(other.socket, "flag:raised"), collect(other.socket, "flag:updated")];

    const sent = expectOk(await say(author.socket, room.id, "my cat has been sick all week and I want to kill myself tonight"));
    expect((await delivered).id).toBe(sent.id);
    const flag = await raised;
    expect(flag).toMatchObject({ place: { kind: "room", id: room.id }, authorId: author.user.id, severity: "imminent", status: "open", hits: 1 });
    expect(flag.terms).toEqual(expect.arrayContaining(["kill myself"]));
    // The queue names the matched words, never the rest of the message.
    expect(JSON.stringify(flag)).not.toContain("cat has been sick");
    expect(await support).toMatchObject({ resources: [{ name: "Crisis text line", contact: "Text HOME to 741741" }] });
    await settle();
    expect(otherSees).toEqual([[], [], []]);
  });

  it("does not flag everyday figurative language", async () => {
    const { room, members } = await roomWith(1);
    const raised = collect(moderator.socket, "flag:raised");
    expectOk(await say(members[0]!.socket, room.id, "this exam is killing me, I'm dying to get home"));
    await settle();
    expect(raised.filter((f) => f.place.id === room.id)).toEqual([]);
  });

  it("folds a burst from one author into one flag, raising its tier, and ignores a retry", async () => {
    const { room, members } = await roomWith(1);
    const author = members[0]!;
    const raised = collect(moderator.socket, "flag:raised");
    const first = nextEvent(moderator.socket, "flag:raised");
    const clientMsgId = randomUUID();
    expectOk(await say(author.socket, room.id, "honestly I wish I was dead", clientMsgId));
    const f = await first;
    expect(f.severity).toBe("elevated");
    expectOk(await say(author.socket, room.id, "honestly I wish I was dead", clientMsgId));
    const updated = nextEvent(moderator.socket, "flag:updated");
    expectOk(await say(author.socket, room.id, "I have been cutting myself again"));
    expect(await updated).toMatchObject({ id: f.id, hits: 2, severity: "imminent", categories: expect.arrayContaining(["suicidal_ideation", "self_harm"]) });
    await settle();
    expect(raised.filter((x) => x.place.id === room.id)).toHaveLength(1);
  });

  it("merges simultaneous hits from two tabs of one author into one flag", async () => {
    const { room, members } = await roomWith(1);
    const author = members[0]!;
    const secondTab = await server.connect(author.token);
    const raised = collect(moderator.socket, "flag:raised");
    await Promise.all([say(author.socket, room.id, "I want to die"), say(secondTab, room.id, "I want to end my life")]);
    await settle();
    const mine = raised.filter((f) => f.place.id === room.id);
    expect(mine).toHaveLength(1);
    const queue = expectOk(await request(moderator.socket, "flag:list", {}));
    expect(queue.flags.find((f) => f.id === mine[0]!.id)?.hits).toBe(2);
  });

  it("lets one moderator claim a flag, tells the others, and resolves it with notes", async () => {
    const { room, members } = await roomWith(1);
    const second = await server.connectAs("moderator");
    const raised = nextEvent(moderator.socket, "flag:raised");
    expectOk(await say(members[0]!.socket, room.id, "I want to die"));
    const flag = await raised;

    const seenBySecond = nextEvent(second.socket, "flag:updated");
    const results = await Promise.all([request(moderator.socket, "flag:claim", { flagId: flag.id }), request(second.socket, "flag:claim", { flagId: flag.id })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect((await seenBySecond).status).toBe("claimed");

    const resolved = expectOk(await request(moderator.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted", notes: "Called them; agreed a safety plan." }));
    expect(resolved).toMatchObject({ status: "resolved", outcome: "contacted", resolvedBy: moderator.user.id });
    const queue = expectOk(await request(moderator.socket, "flag:list", {}));
    expect(queue.flags.map((f) => f.id)).not.toContain(flag.id);
  });

  it("lists unresolved flags by severity, then age, with the places they are in", async () => {
    const { room, members } = await roomWith(2);
    expectOk(await say(members[0]!.socket, room.id, "I wish I was dead"));
    expectOk(await say(members[1]!.socket, room.id, "this is my goodbye"));
    const queue = expectOk(await request(moderator.socket, "flag:list", {}));
    const here = queue.flags.filter((f) => f.place.id === room.id);
    expect(here.map((f) => f.severity)).toEqual(["imminent", "elevated"]);
    const ranks = { imminent: 0, high: 1, elevated: 2 };
    expect(queue.flags.map((f) => ranks[f.severity])).toEqual([...queue.flags.map((f) => ranks[f.severity])].sort());
    expect(queue.places.find((p) => p.place.id === room.id)?.open).toBe(2);
  });

  it("erases a deleted message from the flag too, keeping that it was there, who deleted it and when", async () => {
    const { room, members } = await roomWith(1);
    const raised = nextEvent(moderator.socket, "flag:raised");
    const sent = expectOk(await say(members[0]!.socket, room.id, "I took all my pills"));
    const flag = await raised;
    expectOk(await request(moderator.socket, "message:delete", { roomId: room.id, messageId: sent.id }));
    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id }));
    expect(detail.context.at(-1)).toMatchObject({ id: sent.id, seq: sent.seq, body: "", erasedBy: moderator.user.id, erasedAt: expect.any(String) as string });
    // The flag itself stays, with what the detector found.
    expect(detail).toMatchObject({ id: flag.id, severity: flag.severity });
  });

  it("freezes up to FLAG_CONTEXT_MESSAGES messages after the flagged one as they are sent, and no more", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    expectOk(await say(other.socket, room.id, "before"));
    const raised = nextEvent(moderator.socket, "flag:raised");
    const flagged = expectOk(await say(author.socket, room.id, "I took all my pills"));
    const flag = await raised;
    for (const body of ["after one", "after two", "after three", "after four"]) expectOk(await say(other.socket, room.id, body));
    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id }));
    expect(detail.messageSeq).toBe(flagged.seq);
    expect(detail.context.map((m) => m.body)).toEqual(["before", "I took all my pills", "after one", "after two", "after three"]);
    // Deleting one later erases it from what was frozen, frozen after the flag or not.
    const two = expectOk(await request(other.socket, "message:history", { roomId: room.id })).messages.find((m) => m.body === "after two")!;
    expectOk(await request(moderator.socket, "message:delete", { roomId: room.id, messageId: two.id }));
    expect(expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id })).context.map((m) => m.body)).toEqual(["before", "I took all my pills", "after one", "", "after three"]);
  });

  it("back-fills on the tick what another node stored, but never a message deleted meanwhile", async () => {
    const { room, members } = await roomWith(1);
    const author = members[0]!;
    const raised = nextEvent(moderator.socket, "flag:raised");
    expectOk(await say(author.socket, room.id, "I took all my pills"));
    const flag = await raised;
    // What another node stores: this node's in-memory follow-up never sees it.
    const elsewhere = async (body: string) =>
      (await server.store.messages.append({ id: randomUUID(), roomId: room.id, authorId: author.user.id, authorName: "A", body, clientMsgId: randomUUID(), createdAt: new Date() })).message;
    const erased = await elsewhere("said on another node, then deleted");
    const kept = await elsewhere("said on another node");
    expect(expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id })).context).toHaveLength(1);

    expectOk(await request(moderator.socket, "message:delete", { roomId: room.id, messageId: erased.id }));
    expect((await server.store.messages.findById(room.id, erased.id))!.body).toBe("");
    expect(expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id })).context.map((m) => m.body)).toEqual(["I took all my pills"]);

    await server.app.flags.tick();
    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id }));
    expect(detail.context.map((m) => [m.seq, m.body])).toEqual([
      [1, "I took all my pills"],
      [kept.seq, "said on another node"],
    ]);
  });

  it("shows moderators only a bounded window of a private conversation, and records every look", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const admin = await server.connectAs("admin");
    const res = await api<{ conversationId: string }>(server.url, moderator.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const { conversationId } = res.body;
    for (const body of ["first", "second", "third", "fourth", "fifth"]) {
      expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body }));
    }
    const raised = nextEvent(moderator.socket, "flag:raised");
    const peerHears = collect(peer.socket, "flag:raised");
    expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "I don't want to be alive anymore" }));
    const flag = await raised;
    expect(flag.place).toEqual({ kind: "conversation", id: conversationId });

    for (const body of ["sixth", "seventh", "eighth", "ninth"]) {
      expectOk(await request(peer.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body }));
    }

    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id }));
    // FLAG_CONTEXT_MESSAGES=3: the three before it, the message itself and the three after, nothing else.
    expect(detail.context.map((m) => m.body)).toEqual(["third", "fourth", "fifth", "I don't want to be alive anymore", "sixth", "seventh", "eighth"]);
    const history = await request(moderator.socket, "conversation:history", { conversationId });
    expect(history.ok === false && history.error.code).toBe("not_found");

    const audit = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?userId=${moderator.user.id}&action=flag.view`);
    expect(audit.body.entries).toEqual([expect.objectContaining({ actorId: moderator.user.id, targetUserId: member.user.id, details: expect.objectContaining({ flagId: flag.id, conversationId, messages: 7 }) })]);
    await settle();
    expect(peerHears).toEqual([]);
  });

  it("refuses the queue to anyone but moderators and admins", async () => {
    const member = await server.connectAs("member");
    const ack = await request(member.socket, "flag:list", {});
    expect(ack.ok === false && ack.error.code).toBe("forbidden");
  });
});
