/**
 * Someone else at risk now, with the writer asking what to do: moderators hear of it as its own
 * kind of flag (CRISIS_CONCERN_OTHER=page, the default) or find it on the review list (list). The
 * writer is not offered the support meant for their own crisis either way.
 */
import { randomUUID } from "node:crypto";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore, type OpenStore } from "../support/stores";

const WORRIED = "my friend says she wants to kill herself tonight, what should I do?";

/** The shipped lexicon lists no "asking for help" phrase yet: the deployment adds one as an override. */
async function withConcernPhrase(server: TestServer): Promise<void> {
  await server.store.lexicon.append({ version: 1, override: { modifiers: { concern: ["what should i do"] } }, createdBy: "test", createdAt: new Date() });
  await server.app.services.lexicon.refresh();
}

function suite(openStore: OpenStore, mode: "page" | "list") {
  describe(`CRISIS_CONCERN_OTHER=${mode}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ store: await openStore(), env: { CRISIS_CONCERN_OTHER: mode, CRISIS_HOLD_IMMINENT: "true" } });
      await withConcernPhrase(server);
    });
    afterAll(() => server.close());

    it(mode === "page" ? "alerts moderators with a flag marked as someone else's risk, neither held nor offering support" : "lists it as someone else's risk without alerting anyone", async () => {
      const moderator = await server.connectAs("moderator");
      const { room, members } = await roomWithMembers(server, moderator.socket, 2);
      const [author, other] = members as [(typeof members)[0], (typeof members)[0]];
      const raised = collect(moderator.socket, "flag:raised");
      const listed = collect(moderator.socket, "flag:listed");
      const support = collect(author.socket, "support:offered");
      const delivered = nextEvent(other.socket, "message:created");
      const sent = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: WORRIED }));
      expect(sent.held).toBeUndefined();
      expect((await delivered).id).toBe(sent.id);
      await settle(300);
      const [hit, quiet] = mode === "page" ? [raised, listed] : [listed, raised];
      expect(hit).toEqual([expect.objectContaining({ disposition: "concern_other", reasons: ["others"], authorId: author.user.id })]);
      expect(quiet).toEqual([]);
      expect(support).toEqual([]);
      const queue = expectOk(await request(moderator.socket, "flag:list", {}));
      expect(queue.flags.some((f) => f.place.id === room.id)).toBe(mode === "page");
    });
  });
}

eachStore((openStore) => {
  suite(openStore, "page");
  suite(openStore, "list");
});
