import { randomUUID } from "node:crypto";
import { MODERATION_TEAM_ID } from "../../shared/dto";
import { api } from "../support/api";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let staff: Client;
  beforeAll(async () => {
    server = await startTestServer({ store: await openStore() });
    staff = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  /** A member and their peer supporter, with a message from the member in their conversation. */
  async function pair() {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const res = await api<{ assignment: { id: string }; conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const conversationId = res.body.conversationId;
    const message = expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "I got through today" }));
    return { member, peer, conversationId, assignmentId: res.body.assignment.id, message };
  }

  it("stores a reaction once, tells both participants on every tab, and shows it in conversation:history", async () => {
    const { member, peer, conversationId, message } = await pair();
    const memberOtherTab = await server.connect(member.token);
    const memberHears = nextEvent(memberOtherTab, "conversation:reaction_updated");
    const peerHears = nextEvent(peer.socket, "conversation:reaction_updated");
    const set = { conversationId, messageId: message.id, emoji: "💪", on: true };
    const update = expectOk(await request(peer.socket, "conversation:reaction_set", set));
    const expected = { conversationId, messageId: message.id, userId: peer.user.id, emoji: "💪", on: true, counts: [{ emoji: "💪", count: 1 }] };
    expect(update).toEqual(expected);
    expect(await memberHears).toEqual(expected);
    expect(await peerHears).toEqual(expected);
    // Acked only once stored.
    expect((await server.store.reactions.tallies([message.id], peer.user.id)).get(message.id)).toEqual([{ emoji: "💪", count: 1, mine: true }]);
    expect(expectOk(await request(peer.socket, "conversation:reaction_set", set)).counts).toEqual([{ emoji: "💪", count: 1 }]);
    expectOk(await request(member.socket, "conversation:reaction_set", { ...set, emoji: "🙏" }));

    const seenByMember = expectOk(await request(member.socket, "conversation:history", { conversationId })).messages[0]!;
    expect(seenByMember.reactions).toEqual([
      { emoji: "💪", count: 1, mine: false },
      { emoji: "🙏", count: 1, mine: true },
    ]);
    expectOk(await request(peer.socket, "conversation:reaction_set", { ...set, on: false }));
    const seenByPeer = expectOk(await request(peer.socket, "conversation:history", { conversationId })).messages[0]!;
    expect(seenByPeer.reactions).toEqual([{ emoji: "🙏", count: 1, mine: false }]);
    memberOtherTab.disconnect();
  });

  it("refuses outsiders, an ended conversation, a bad emoji and an unknown message, changing nothing", async () => {
    const { member, peer, conversationId, assignmentId, message } = await pair();
    const outsider = await server.connectAs("peer");
    const heard = collect(member.socket, "conversation:reaction_updated");
    const set = { conversationId, messageId: message.id, emoji: "❤️", on: true };
    const code = async (socket: Client["socket"], payload: unknown) => {
      const ack = await request(socket, "conversation:reaction_set", payload as typeof set);
      return ack.ok ? "ok" : ack.error.code;
    };
    expect(await code(outsider.socket, set)).toBe("not_found");
    expect(await code(staff.socket, set)).toBe("not_found");
    expect(await code(peer.socket, { ...set, emoji: "👎" })).toBe("invalid_input");
    expect(await code(peer.socket, { ...set, extra: 1 })).toBe("invalid_input");
    expect(await code(peer.socket, { ...set, messageId: randomUUID() })).toBe("not_found");
    expect((await api(server.url, staff.token, "POST", `/api/assignments/${assignmentId}/end`)).status).toBeLessThan(300);
    expect(await code(peer.socket, set)).toBe("room_closed");
    expect(await code(member.socket, set)).toBe("room_closed");
    await settle();
    expect(heard).toEqual([]);
    expect((await server.store.reactions.tallies([message.id], peer.user.id)).size).toBe(0);
  });

  it("takes the reactions of a message its author deletes", async () => {
    const { member, peer, conversationId, message } = await pair();
    expectOk(await request(peer.socket, "conversation:reaction_set", { conversationId, messageId: message.id, emoji: "🤗", on: true }));
    expectOk(await request(member.socket, "conversation:delete", { conversationId, messageId: message.id }));
    expect((await server.store.reactions.tallies([message.id], peer.user.id)).size).toBe(0);
    const refused = await request(peer.socket, "conversation:reaction_set", { conversationId, messageId: message.id, emoji: "🤗", on: true });
    expect(refused.ok === false && refused.error.code).toBe("not_found");
  });

  it("in a check-in, lets staff react as the team, never naming the moderator to the member", async () => {
    const mod = await server.connectAs("moderator");
    const colleague = await server.connectAs("moderator");
    const member = await server.connectAs("member");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    expectOk(await request(member.socket, "room:join", { roomId: room.id }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
    const checkin = expectOk(await request(mod.socket, "flag:checkin", { flagId: (await raised).id }));
    const message = expectOk(await request(member.socket, "conversation:send", { conversationId: checkin.id, clientMsgId: randomUUID(), body: "Thank you for checking" }));

    const memberHears = nextEvent(member.socket, "conversation:reaction_updated");
    const colleagueHears = nextEvent(colleague.socket, "conversation:reaction_updated");
    expectOk(await request(mod.socket, "conversation:reaction_set", { conversationId: checkin.id, messageId: message.id, emoji: "❤️", on: true }));
    const seen = await memberHears;
    expect(seen).toMatchObject({ userId: MODERATION_TEAM_ID, emoji: "❤️", counts: [{ emoji: "❤️", count: 1 }] });
    expect(JSON.stringify(seen)).not.toContain(mod.user.id);
    expect(await colleagueHears).toEqual(seen);
    // The team reacted once: the colleague sees it as theirs too, and setting it again changes nothing.
    expect(expectOk(await request(colleague.socket, "conversation:history", { conversationId: checkin.id })).messages.at(-1)!.reactions).toEqual([{ emoji: "❤️", count: 1, mine: true }]);
    expect(expectOk(await request(colleague.socket, "conversation:reaction_set", { conversationId: checkin.id, messageId: message.id, emoji: "❤️", on: true })).counts).toEqual([{ emoji: "❤️", count: 1 }]);
    expectOk(await request(mod.socket, "checkin:close", { conversationId: checkin.id }));
    const closed = await request(member.socket, "conversation:reaction_set", { conversationId: checkin.id, messageId: message.id, emoji: "🙏", on: true });
    expect(closed.ok === false && closed.error.code).toBe("room_closed");
  });
});
