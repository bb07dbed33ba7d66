/**
 * Walks the check-in table of the authorisation matrix against a real server: each of the cast
 * performs each event on a fresh check-in, and the answer must match the cell.
 */
import { randomUUID } from "node:crypto";
import { MODERATION_TEAM_ID } from "../../shared/dto";
import { expectOk, request, roomWithMembers, startTestServer, type TestServer } from "../support/server";
import { expectHandshakeRefused } from "./handshake";
import { CHECKIN_MATRIX, CHECKIN_ROLES, type Cell, type CheckinRole } from "./matrix";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "100000" } });
});
afterAll(() => server.close());

/** A member's open check-in, opened from a flag by a moderator, with one message of theirs in it. */
async function checkin() {
  const mod = await server.connectAs("moderator");
  const { room, members } = await roomWithMembers(server, mod.socket, 1);
  const member = members[0]!;
  expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I want to end my life tonight" }));
  const flag = (await server.store.flags.listUnresolved()).find((f) => f.authorId === member.user.id)!;
  const summary = expectOk(await request(mod.socket, "flag:checkin", { flagId: flag.id }));
  const message = expectOk(await request(member.socket, "conversation:send", { conversationId: summary.id, clientMsgId: randomUUID(), body: "hello" }));
  mod.socket.disconnect();
  return { member, conversationId: summary.id, messageId: message.id };
}

describe("authorisation matrix: check-ins", () => {
  describe.each(Object.entries(CHECKIN_MATRIX))("%s", (event, cells) => {
    it.each(CHECKIN_ROLES.map((r) => [r, cells[r]] as [CheckinRole, Cell]))("as %s: %s", async (role, expected) => {
      if (role === "anonymous") return expectHandshakeRefused(server.url);
      const c = await checkin();
      const actor = role === "its member" ? c.member : await server.connectAs(role === "other member" ? "member" : role);
      try {
        const { conversationId, messageId } = c;
        const payload: Record<string, unknown> = {
          "conversation:send": { conversationId, clientMsgId: randomUUID(), body: "hello there" },
          "conversation:history": { conversationId },
          "conversation:read": { conversationId, seq: 1 },
          "conversation:typing": { conversationId, typing: true },
          "conversation:delete": { conversationId, messageId },
          "conversation:reaction_set": { conversationId, messageId, emoji: "🤗", on: true },
          "checkin:close": { conversationId },
        };
        const ack = await request(actor.socket, event as never, payload[event]);
        if (expected === "allow") return expect(ack).toMatchObject({ ok: true });
        // Closing is for staff alone, said plainly; otherwise the check-in does not exist for outsiders,
        // and staff are told they may not delete the member's words.
        const staff = role === "moderator" || role === "admin";
        const code = event === "checkin:close" || staff ? "forbidden" : "not_found";
        expect(ack).toMatchObject({ ok: false, error: { code } });
      } finally {
        actor.socket.disconnect();
      }
    });
  });

  it("shows the team, not the moderator, as the staff side's author", async () => {
    const c = await checkin();
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "conversation:send", { conversationId: c.conversationId, clientMsgId: randomUUID(), body: "We are here" }));
    const seen = expectOk(await request(c.member.socket, "conversation:history", { conversationId: c.conversationId }));
    expect(seen.messages.at(-1)).toMatchObject({ authorId: MODERATION_TEAM_ID, authorName: "Moderation team" });
    mod.socket.disconnect();
    c.member.socket.disconnect();
  });
});
