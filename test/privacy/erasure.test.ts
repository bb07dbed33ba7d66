/**
 * Erasing an account (`DELETE /api/me`, and an admin's `DELETE /api/admin/users/:id`): the person's
 * words and every trace of their id and username leave the database, while the room, the flag and
 * the audit trail keep their shape under a pseudonym.
 */
import { randomBytes } from "node:crypto";
import { api } from "../support/api";
import { mongoForTests, describeWithService } from "../support/services";
import { expectOk, nextEvent, request, startTestServer, type TestServer } from "../support/server";
import { openTestMongo } from "../support/stores";
import { memberWithHistory, mongoDump, PASSWORD, sqliteFilesHold, type Scene } from "./people";

jest.setTimeout(90_000);

type Stored = (text: string) => Promise<boolean>;

function erasureSuite(start: (env: NodeJS.ProcessEnv) => Promise<{ server: TestServer; holds: Stored }>) {
  describe("erasing one's own account", () => {
    let server: TestServer;
    let holds: Stored;
    let s: Scene;
    let deleted: Promise<{ messageId: string }>;

    beforeAll(async () => {
      ({ server, holds } = await start({ MESSAGE_RATE_LIMIT: "1000" }));
      s = await memberWithHistory(server);
      expect((await api(server.url, s.member.token, "DELETE", "/api/me", { password: "not the password" })).status).toBe(403);
      deleted = nextEvent(s.neighbour.socket, "message:deleted");
      const gone = new Promise((resolve) => s.member.socket.once("disconnect", resolve));
      expect((await api(server.url, s.member.token, "DELETE", "/api/me", { password: PASSWORD })).status).toBe(204);
      await gone;
    });
    afterAll(() => server.close());

    it("erases their words from the room for everyone, live and in history, and keeps everyone else's", async () => {
      expect([s.own.id, s.crisis.id]).toContain((await deleted).messageId);
      const history = expectOk(await request(s.neighbour.socket, "message:history", { roomId: s.roomId })).messages;
      expect(history.map((m) => [m.body, m.authorName])).toEqual([
        ["", "Former member"],
        [s.theirs.body, s.theirs.authorName],
        ["", "Former member"],
      ]);
    });

    it("erases them from the flag's context, keeping that a message was there and when it was erased", async () => {
      const flag = expectOk(await request(s.staff.socket, "flag:get", { flagId: s.flagId }));
      const theirs = flag.context.filter((m) => m.id === s.own.id || m.id === s.crisis.id);
      expect(theirs.length).toBeGreaterThan(0);
      for (const m of theirs) expect(m).toMatchObject({ body: "", authorName: "Former member", erasedAt: expect.any(String) as string });
    });

    it("closes the conversation for the peer supporter and leaves nothing of the person in the database", async () => {
      const list = expectOk(await request(s.peer.socket, "conversation:list", {})).conversations;
      expect(list[0]).toMatchObject({ readOnly: true, other: { displayName: "(deleted account)" } });
      // Bodies are sealed at rest, so the words were never there in the clear; ids and names are not sealed.
      for (const text of [s.member.user.id, s.member.user.username, s.member.user.displayName]) {
        expect({ text, stored: await holds(text) }).toEqual({ text, stored: false });
      }
      // Their peer supporter is still there, by id, on the conversation.
      expect(await holds(s.peer.user.id)).toBe(true);
    });

    it("takes the reactions they gave, in rooms and conversations, and everyone's on their erased words", async () => {
      const room = expectOk(await request(s.neighbour.socket, "message:history", { roomId: s.roomId })).messages;
      const conversation = expectOk(await request(s.peer.socket, "conversation:history", { conversationId: s.conversationId })).messages;
      expect([...room, ...conversation].filter((m) => m.reactions)).toEqual([]);
      expect(await server.store.personal.reactionsBy(s.member.user.id)).toEqual([]);
      expect(await server.store.personal.reactionsBy(s.peer.user.id)).toEqual([]);
      expect(await server.store.personal.reactionsBy(s.neighbour.user.id)).toEqual([]);
    });

    it("refuses the old password and token, and keeps an audit trail under a pseudonym", async () => {
      expect((await api(server.url, null, "POST", "/api/auth/login", { username: s.member.user.username, password: PASSWORD })).status).toBe(401);
      expect((await api(server.url, s.member.token, "GET", "/api/me/export")).status).toBe(401);
      const [entry] = await server.store.audit.query({ action: "account.erase", limit: 5 });
      expect(entry).toMatchObject({ actorId: entry!.targetUserId, details: expect.objectContaining({ messages: "erase", erased: 3 }) as object });
      const mute = await server.store.audit.query({ action: "mute", userId: entry!.targetUserId!, limit: 5 });
      expect(mute).toHaveLength(1);
    });
  });

  describe("erasure by an admin, with messages kept under a pseudonym", () => {
    let server: TestServer;
    let s: Scene;

    beforeAll(async () => {
      ({ server } = await start({ MESSAGE_RATE_LIMIT: "1000", ACCOUNT_ERASURE_MESSAGES: "pseudonymise" }));
      s = await memberWithHistory(server);
    });
    afterAll(() => server.close());

    it("is for admins only, and not of their own account", async () => {
      expect((await api(server.url, s.staff.token, "DELETE", `/api/admin/users/${s.member.user.id}`)).status).toBe(403);
      expect((await api(server.url, s.admin.token, "DELETE", `/api/admin/users/${s.admin.user.id}`)).status).toBe(409);
      expect((await api(server.url, s.admin.token, "DELETE", "/api/me", { password: PASSWORD })).status).toBe(403);
    });

    it("keeps the words under the pseudonym, ends the assignment and records the admin in the audit log", async () => {
      expect((await api(server.url, s.admin.token, "DELETE", `/api/admin/users/${s.member.user.id}`)).status).toBe(204);
      const history = expectOk(await request(s.neighbour.socket, "message:history", { roomId: s.roomId })).messages;
      expect(history.map((m) => m.body)).toEqual([s.own.body, s.theirs.body, s.crisis.body]);
      expect(history[0]).toMatchObject({ authorName: "Former member", deletedAt: null });
      expect(history[0]!.authorId).not.toBe(s.member.user.id);
      const [entry] = await server.store.audit.query({ action: "account.erase", limit: 5 });
      expect(entry).toMatchObject({ actorId: s.admin.user.id, targetUserId: history[0]!.authorId, details: expect.objectContaining({ messages: "pseudonymise" }) as object });
      expect(await server.store.assignments.activeFor(s.peer.user.id)).toEqual([]);
      expect((await api(server.url, s.admin.token, "DELETE", `/api/admin/users/${s.member.user.id}`)).status).toBe(404);
    });
  });
}

describe("on SQLite", () => {
  erasureSuite(async (env) => {
    const server = await startTestServer({ env });
    return { server, holds: async (text) => sqliteFilesHold(server.config.dataDir, text).length > 0 };
  });
});

describeWithService("ferretdb", "on MongoDB", () => {
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  beforeAll(async () => {
    mongo = await mongoForTests();
  }, 60_000);
  afterAll(() => mongo?.stop());
  erasureSuite(async (env) => {
    const uri = mongo.uri(`haven_erasure_${randomBytes(6).toString("hex")}`);
    const server = await startTestServer({ store: await openTestMongo(uri), env });
    return { server, holds: async (text) => (await mongoDump(uri)).includes(text) };
  });
});
