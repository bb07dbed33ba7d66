import { randomUUID } from "node:crypto";
import type { CaseloadEntry, FlagSummary, PeerFlagNotice } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";
import { startReceiver } from "../support/receiver";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let staff: Client;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore() });
    staff = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  async function assigned(): Promise<{ member: Client; peer: Client; conversationId: string }> {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    expect(res.status).toBe(201);
    return { member, peer, conversationId: res.body.conversationId };
  }

  const caseload = async (peer: Client) => (await api<{ caseload: CaseloadEntry[] }>(server.url, peer.token, "GET", "/api/caseload")).body.caseload;

  describe("asking a moderator", () => {
    it("lets the conversation's peer raise a peer_escalation flag that pages moderators, with the note for moderators only", async () => {
      const { member, peer, conversationId } = await assigned();
      expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "I don't know how much longer I can do this" }));
      const paged = nextEvent(staff.socket, "flag:raised");
      const memberHeard = collect(member.socket, "flag:raised");
      const flag = expectOk(await request(peer.socket, "conversation:escalate", { conversationId, note: "They sound much worse than last week" }));
      expect(flag).toMatchObject({ place: { kind: "conversation", id: conversationId }, authorId: member.user.id, categories: ["peer_escalation"], status: "open", lane: "page" });
      expect(await paged).toEqual(flag);

      const queue = expectOk(await request(staff.socket, "flag:list", {}));
      expect(queue.flags.map((f: FlagSummary) => f.id)).toContain(flag.id);
      const detail = expectOk(await request(staff.socket, "flag:get", { flagId: flag.id }));
      expect(detail.context.map((m) => m.body)).toEqual(["They sound much worse than last week", "I don't know how much longer I can do this"]);
      expect(detail.context[0]!.authorId).toBe(peer.user.id);

      // Stored and audited, without the note's words.
      const audit = await api<{ entries: { action: string; details: unknown }[] }>(server.url, (await server.connectAs("admin")).token, "GET", `/api/admin/audit?action=flag.peer_escalation`);
      const entry = audit.body.entries.find((e) => JSON.stringify(e.details).includes(flag.id));
      expect(entry).toBeDefined();
      expect(JSON.stringify(entry)).not.toContain("worse than last week");

      // A second ask while the first is open is refused and changes nothing.
      expect(await request(peer.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "conflict" } });
      await settle();
      expect(memberHeard).toEqual([]);
      // The member's own view of the conversation shows nothing of it.
      const history = expectOk(await request(member.socket, "conversation:history", { conversationId })).messages;
      expect(history.map((m) => m.body)).toEqual(["I don't know how much longer I can do this"]);
    });

    it("is only for the conversation's own, assigned peer", async () => {
      const { member, peer, conversationId } = await assigned();
      const otherPeer = await server.connectAs("peer");
      const otherMember = await server.connectAs("member");
      expect(await request(member.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await request(otherPeer.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await request(otherMember.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await request(staff.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await request(peer.socket, "conversation:escalate", { conversationId, note: "" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(await request(peer.socket, "conversation:escalate", { conversationId: "nope" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      const flags = await server.store.flags.listUnresolved();
      expect(flags.filter((f) => f.place.id === conversationId)).toEqual([]);

      // Once the assignment ends, the peer can no longer ask from this conversation.
      const { body } = await api<{ assignments: { id: string }[] }>(server.url, staff.token, "GET", `/api/assignments?userId=${member.user.id}`);
      expect((await api(server.url, staff.token, "POST", `/api/assignments/${body.assignments[0]!.id}/end`)).status).toBeLessThan(300);
      expect(await request(peer.socket, "conversation:escalate", { conversationId })).toMatchObject({ ok: false, error: { code: "room_closed" } });
    });
  });

  it("calls on-call at once when a peer asks and no moderator is online", async () => {
    const receiver = await startReceiver();
    const lonely = await startTestServer({ store: server.store, env: { ONCALL_WEBHOOK_URL: receiver.url, ONCALL_WEBHOOK_SECRET: "a-webhook-secret-of-some-length" } });
    try {
      const member = await lonely.createUser("member");
      const peer = await lonely.connectAs("peer");
      const admin = await lonely.createUser("admin");
      const adminToken = await lonely.login(admin.user.username, admin.password);
      const res = await api<{ conversationId: string }>(lonely.url, adminToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
      // Staff of the other test server are online there, not on this one.
      staff.socket.disconnect();
      const flag = expectOk(await request(peer.socket, "conversation:escalate", { conversationId: res.body.conversationId }));
      for (let i = 0; i < 100 && receiver.received.length === 0; i++) await settle(20);
      expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ event: "flag.unattended", flagId: flag.id, categories: ["peer_escalation"] });
    } finally {
      await lonely.app.close();
      await receiver.close();
      staff = await server.connectAs("moderator");
    }
  });

  describe("telling peers a moderator was alerted", () => {
    it("sends the member's peer a notice with no details and marks the caseload, until the flag is resolved", async () => {
      const { member, peer, conversationId } = await assigned();
      const stranger = await server.connectAs("peer");
      const strangerHeard = collect(stranger.socket, "peer:flag_notice");
      expect((await caseload(peer))[0]).toMatchObject({ conversationId, moderatorAlerted: false });

      const notice = nextEvent(peer.socket, "peer:flag_notice");
      const raised = nextEvent(staff.socket, "flag:raised");
      expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
      const flag = await raised;
      const got: PeerFlagNotice = await notice;
      // Exactly these fields: no words, no context, no severity.
      expect(got).toEqual({ memberId: member.user.id, conversationId, active: true });
      expect((await caseload(peer))[0]).toMatchObject({ conversationId, moderatorAlerted: true });

      const cleared = nextEvent(peer.socket, "peer:flag_notice");
      expectOk(await request(staff.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted" }));
      expect(await cleared).toEqual({ memberId: member.user.id, conversationId, active: false });
      expect((await caseload(peer))[0]).toMatchObject({ moderatorAlerted: false });
      await settle();
      expect(strangerHeard).toEqual([]);
    });

    it("tells the peer when their member's message in a room raises a flag", async () => {
      const { member, peer, conversationId } = await assigned();
      const room = expectOk(await request(staff.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
      expectOk(await request(member.socket, "room:join", { roomId: room.id }));
      const notice = nextEvent(peer.socket, "peer:flag_notice");
      expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I want to end my life tonight" }));
      expect(await notice).toEqual({ memberId: member.user.id, conversationId, active: true });
    });
  });
});
