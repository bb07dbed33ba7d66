import { randomUUID } from "node:crypto";
import type { CaseloadEntry, ConversationSummary, PeerAvailability } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, settle, startTestServer, waitForEvent, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let staff: Client;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { CRISIS_RESOURCES: JSON.stringify([{ name: "Crisis line", contact: "988" }]) } });
    staff = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  async function assign(member: Client, peer: Client): Promise<{ assignmentId: string; conversationId: string }> {
    const res = await api<{ assignment: { id: string }; conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", {
      memberId: member.user.id,
      peerId: peer.user.id,
    });
    expect(res.status).toBe(201);
    return { assignmentId: res.body.assignment.id, conversationId: res.body.conversationId };
  }

  const send = (socket: ClientSocket, conversationId: string, body: string, clientMsgId: string = randomUUID()) =>
    request(socket, "conversation:send", { conversationId, clientMsgId, body });
  const list = async (socket: ClientSocket) => expectOk(await request(socket, "conversation:list", {})).conversations;

  it("creates the pair's conversation on assignment and tells both of them", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const memberHears = nextEvent(member.socket, "conversation:updated");
    const peerHears = nextEvent(peer.socket, "conversation:updated");
    const { conversationId } = await assign(member, peer);
    expect(await memberHears).toMatchObject({ id: conversationId, other: { id: peer.user.id, role: "peer" }, readOnly: false, unread: 0 });
    expect(await peerHears).toMatchObject({ id: conversationId, other: { id: member.user.id, role: "member" } });
    expect((await api(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id })).status).toBe(409);
    expect((await api(server.url, staff.token, "POST", "/api/assignments", { memberId: peer.user.id, peerId: member.user.id })).status).toBe(400);
  });

  it("delivers each message once to every tab of both participants, and stores a retry once", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const peerPhone = await server.connect(peer.token);
    const { conversationId } = await assign(member, peer);
    const onPhone = collect(peerPhone, "conversation:message");
    const onDesk = nextEvent(peer.socket, "conversation:message");
    const clientMsgId = randomUUID();
    const sent = expectOk(await send(member.socket, conversationId, "I had a rough night", clientMsgId));
    expect(sent).toMatchObject({ conversationId, seq: 1, authorId: member.user.id, body: "I had a rough night" });
    expect(await onDesk).toEqual(sent);
    const retry = expectOk(await send(member.socket, conversationId, "I had a rough night", clientMsgId));
    expect(retry.id).toBe(sent.id);
    await settle();
    expect(onPhone).toEqual([sent]);
    const history = expectOk(await request(peer.socket, "conversation:history", { conversationId })).messages;
    expect(history.map((m) => m.id)).toEqual([sent.id]);
  });

  it("counts unread live and on connect, and shows the sender when it was seen", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const { conversationId } = await assign(member, peer);
    const unread = collect(member.socket, "conversation:unread");
    expectOk(await send(peer.socket, conversationId, "How are you today?"));
    const second = expectOk(await send(peer.socket, conversationId, "I'm here when you want to talk."));
    await waitForEvent(member.socket, "conversation:unread", (e) => e.unread === 2);
    expect(unread.map((e) => e.unread)).toEqual([1, 2]);
    expect((await list(member.socket)).find((c) => c.id === conversationId)).toMatchObject({ unread: 2, lastSeq: 2 });
    // The peer's own messages are not unread for the peer.
    expect((await list(peer.socket)).find((c) => c.id === conversationId)).toMatchObject({ unread: 0 });

    const seen = nextEvent(peer.socket, "conversation:read");
    expectOk(await request(member.socket, "conversation:read", { conversationId, seq: second.seq }));
    expect(await seen).toEqual({ conversationId, userId: member.user.id, seq: second.seq });
    expect((await list(peer.socket)).find((c) => c.id === conversationId)?.otherLastRead).toBe(second.seq);
    expect((await list(member.socket)).find((c) => c.id === conversationId)?.unread).toBe(0);
    // A read mark never goes back, and never runs ahead of the messages.
    expect(expectOk(await request(member.socket, "conversation:read", { conversationId, seq: 1 })).seq).toBe(2);
    expect(expectOk(await request(member.socket, "conversation:read", { conversationId, seq: 99 })).seq).toBe(2);
  });

  it("has everything sent while a member was offline waiting for them, in order", async () => {
    const memberAccount = await server.createUser("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: memberAccount.user.id, peerId: peer.user.id });
    const { conversationId } = res.body;
    const sent = [];
    for (const body of ["Checking in", "No rush to reply", "Thinking of you"]) sent.push(expectOk(await send(peer.socket, conversationId, body)));

    const member = await server.connect(await server.login(memberAccount.user.username, memberAccount.password));
    const summary = (await list(member)).find((c) => c.id === conversationId)!;
    expect(summary).toMatchObject({ unread: 3, myLastRead: 0 });
    const missed = expectOk(await request(member, "conversation:history", { conversationId, after: summary.myLastRead })).messages;
    expect(missed.map((m) => m.body)).toEqual(["Checking in", "No rush to reply", "Thinking of you"]);
  });

  it("relays typing to the other participant only", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const { conversationId } = await assign(member, peer);
    const ownTyping = collect(member.socket, "conversation:typing");
    const typing = nextEvent(peer.socket, "conversation:typing");
    expectOk(await request(member.socket, "conversation:typing", { conversationId, typing: true }));
    expect(await typing).toEqual({ conversationId, userId: member.user.id, typing: true });
    await settle();
    expect(ownTyping).toEqual([]);
  });

  it("makes the conversation read-only for both when the assignment ends, keeps the history, and reopens it on reassignment", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const { assignmentId, conversationId } = await assign(member, peer);
    expectOk(await send(member.socket, conversationId, "Thank you for everything"));
    const told = waitForEvent(member.socket, "conversation:updated", (s) => s.readOnly);
    expect((await api(server.url, staff.token, "POST", `/api/assignments/${assignmentId}/end`)).status).toBe(200);
    await told;
    for (const socket of [member.socket, peer.socket]) {
      const refused = await send(socket, conversationId, "one more thing");
      expect(refused.ok === false && refused.error.code).toBe("room_closed");
      expect(expectOk(await request(socket, "conversation:history", { conversationId })).messages.map((m) => m.body)).toEqual(["Thank you for everything"]);
    }
    const again = await assign(member, peer);
    expect(again.conversationId).toBe(conversationId);
    expectOk(await send(peer.socket, conversationId, "Welcome back"));
  });

  it("lets a member have a primary and a backup peer, and shows each peer their own caseload", async () => {
    const member = await server.connectAs("member");
    const primary = await server.connectAs("peer");
    const backup = await server.connectAs("peer");
    const withPrimary = await assign(member, primary);
    const withBackup = await assign(member, backup);
    expectOk(await send(member.socket, withPrimary.conversationId, "Are you around?"));
    expect((await list(member.socket)).map((c) => c.other.id).sort()).toEqual([primary.user.id, backup.user.id].sort());

    const caseload = await api<{ caseload: CaseloadEntry[] }>(server.url, primary.token, "GET", "/api/caseload");
    expect(caseload.body.caseload).toEqual([
      expect.objectContaining({ member: { id: member.user.id, displayName: member.user.displayName, role: "member" }, conversationId: withPrimary.conversationId, unread: 1, lastActivityAt: expect.any(String) }),
    ]);
    const other = await api<{ caseload: CaseloadEntry[] }>(server.url, backup.token, "GET", "/api/caseload");
    expect(other.body.caseload).toEqual([expect.objectContaining({ conversationId: withBackup.conversationId, unread: 0, lastActivityAt: null })]);
  });

  it("gives a peer their own availability with their caseload, as their members see it", async () => {
    const peer = await server.connectAs("peer");
    const before = await api<{ availability: PeerAvailability }>(server.url, peer.token, "GET", "/api/caseload");
    expect(before.body.availability).toMatchObject({ peerId: peer.user.id, status: "available", updatedAt: null });
    expectOk(await request(peer.socket, "availability:set", { status: "away", message: "Back on Monday" }));
    const after = await api<{ availability: PeerAvailability }>(server.url, peer.token, "GET", "/api/caseload");
    expect(after.body.availability).toMatchObject({ peerId: peer.user.id, status: "away", message: "Back on Monday" });
  });

  it("tells a member when their peer is away, with where to get help now, and when they are back", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const { conversationId } = await assign(member, peer);
    const away = waitForEvent(member.socket, "conversation:updated", (s: ConversationSummary) => s.peerAvailability?.status === "away");
    const availability = nextEvent(member.socket, "availability:updated");
    expectOk(await request(peer.socket, "availability:set", { status: "away", message: "Back on Monday" }));
    expect(await availability).toMatchObject({ peerId: peer.user.id, status: "away", message: "Back on Monday" });
    expect(await away).toMatchObject({ id: conversationId, resources: [{ name: "Crisis line", contact: "988" }] });
    expect((await list(member.socket))[0]).toMatchObject({ peerAvailability: { status: "away" }, resources: [{ contact: "988" }] });

    expectOk(await request(peer.socket, "availability:set", { status: "available" }));
    expect((await list(member.socket))[0]).toMatchObject({ peerAvailability: { status: "available" }, resources: null });
    const refused = await request(member.socket, "availability:set", { status: "away" });
    expect(refused.ok === false && refused.error.code).toBe("forbidden");
  });

  it("serves the crisis resources to anyone, signed in or not", async () => {
    const res = await api<{ resources: unknown[] }>(server.url, null, "GET", "/api/resources");
    expect(res.status).toBe(200);
    expect(res.body.resources).toEqual([{ name: "Crisis line", contact: "988" }]);
  });
});
