/** `GET /api/me/export`: everything Haven keeps about the person asking, and nobody else's words. */
import type { AccountExport } from "../../shared/account-export";
import { api } from "../support/api";
import { eachStore } from "../support/stores";
import { startTestServer, type TestServer } from "../support/server";
import { memberWithHistory, type Scene } from "./people";

jest.setTimeout(60_000);

eachStore((openStore) => {
  let server: TestServer;
  let s: Scene;
  let archive: AccountExport;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { MESSAGE_RATE_LIMIT: "1000" } });
    s = await memberWithHistory(server);
    const res = await api<AccountExport>(server.url, s.member.token, "GET", "/api/me/export");
    expect(res.status).toBe(200);
    archive = res.body;
  });
  afterAll(() => server.close());

  it("holds the account and every message the person wrote, in rooms and in private", () => {
    expect(archive.account).toMatchObject({ id: s.member.user.id, username: s.member.user.username, role: "member" });
    const bodies = archive.messages.map((m) => m.body);
    expect(bodies).toEqual([s.own.body, s.crisis.body, s.privateOwn.body]);
    expect(archive.messages[0]!.place).toEqual({ kind: "room", id: s.roomId, name: `Circle ${s.marker}` });
    expect(archive.messages[2]!.place).toMatchObject({ kind: "conversation", id: s.conversationId });
  });

  it("holds both sides of their own conversations, and no one else's words from rooms", () => {
    expect(archive.conversations).toHaveLength(1);
    expect(archive.conversations[0]!.messages.map((m) => [m.from, m.body])).toEqual([
      ["you", s.privateOwn.body],
      ["them", s.privateReply.body],
    ]);
    expect(JSON.stringify(archive)).not.toContain(s.theirs.body);
    expect(JSON.stringify(archive)).not.toContain(s.neighbour.user.username);
  });

  it("holds the sanctions against them, the flag on their message and the audit entries about them, naming other people by role only", () => {
    expect(archive.sanctions).toEqual([expect.objectContaining({ kind: "mute", roomId: s.roomId, reason: `cooling off ${s.marker}` })]);
    expect(archive.flags).toEqual([expect.objectContaining({ id: s.flagId, place: { kind: "room", id: s.roomId }, status: "open" })]);
    expect(archive.audit.map((e) => [e.action, e.by])).toEqual(expect.arrayContaining([["mute", "moderator"], ["assignment.create", "moderator"]]));
    expect(JSON.stringify(archive.audit)).not.toContain(s.staff.user.id);
    expect(archive.assignments).toEqual([expect.objectContaining({ as: "member", withId: s.peer.user.id, endedAt: null })]);
  });

  it("holds the reactions they gave, where and on which message, and not those others gave them", () => {
    expect(archive.reactions).toEqual([
      { place: { kind: "room", id: s.roomId, name: `Circle ${s.marker}` }, messageId: s.theirs.id, emoji: "❤️", createdAt: expect.any(String) as string },
      { place: { kind: "conversation", id: s.conversationId, name: null }, messageId: s.privateReply.id, emoji: "🙏", createdAt: expect.any(String) as string },
    ]);
    expect(Date.parse(archive.reactions[0]!.createdAt)).toBeLessThanOrEqual(Date.parse(archive.exportedAt));
  });

  it("gives a neighbour only their own words, and records each export in the audit log", async () => {
    const res = await api<AccountExport>(server.url, s.neighbour.token, "GET", "/api/me/export");
    expect(res.body.messages.map((m) => m.body)).toEqual([s.theirs.body]);
    expect(JSON.stringify(res.body)).not.toContain(s.own.body);
    const trail = await server.store.audit.query({ userId: s.neighbour.user.id, action: "account.export", limit: 5 });
    expect(trail).toHaveLength(1);
  });

  it("holds how far they have read in each room", () => {
    expect(archive.roomReads).toEqual([{ roomId: s.roomId, seq: s.theirs.seq }]);
  });

  it("answers 401 without a token", async () => {
    expect((await api(server.url, null, "GET", "/api/me/export")).status).toBe(401);
  });
});
