/**
 * The conversation, not only the message: an author's recent messages in the same place are read
 * with each new one, so two weak warning signs in two messages page together. Only the author's
 * own messages count, and only the last few.
 */
import { randomUUID } from "node:crypto";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

// Each is a weak cue: alone, neither pages (checked first, so the test cannot pass vacuously).
const BURDEN = "I feel like such a burden";
const TRAPPED = "I feel so trapped";

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;

  beforeAll(async () => {
    server = await startTestServer({ store: await openStore(), env: { MESSAGE_RATE_LIMIT: "1000", CRISIS_CONTEXT_MESSAGES: "3" } });
    moderator = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  const say = (socket: ClientSocket, roomId: string, body: string) => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });
  const raisedIn = (roomId: string) => {
    const raised = collect(moderator.socket, "flag:raised");
    return () => raised.filter((f) => f.place.id === roomId);
  };

  it("reads neither weak cue as a page on its own, nor one after another author's", async () => {
    const { room, members } = await roomWithMembers(server, moderator.socket, 2);
    const raised = raisedIn(room.id);
    expectOk(await say(members[0]!.socket, room.id, BURDEN));
    expectOk(await say(members[1]!.socket, room.id, TRAPPED));
    await settle();
    expect(raised()).toEqual([]);
  });

  it("pages for the second of two weak cues from the same author, with both messages in its context", async () => {
    const { room, members } = await roomWithMembers(server, moderator.socket, 1);
    const author = members[0]!;
    const raised = nextEvent(moderator.socket, "flag:raised");
    const support = nextEvent(author.socket, "support:offered");
    expectOk(await say(author.socket, room.id, BURDEN));
    expectOk(await say(author.socket, room.id, "anyway"));
    const second = expectOk(await say(author.socket, room.id, TRAPPED));
    const flag = await raised;
    expect(flag).toMatchObject({ authorId: author.user.id, disposition: "alert", categories: ["hopelessness_help"] });
    expect(flag.terms).toEqual(["so trapped"]);
    expect(await support).toBeDefined();
    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: flag.id }));
    expect(detail.messageSeq).toBe(second.seq);
    expect(detail.context.map((m) => m.body)).toEqual([BURDEN, "anyway", TRAPPED]);
  });

  it("does not count the same author's cue from another room", async () => {
    const first = await roomWithMembers(server, moderator.socket, 1);
    const author = first.members[0]!;
    const second = expectOk(await request(moderator.socket, "room:create", { name: `Other ${randomUUID().slice(0, 6)}` }));
    expectOk(await request(author.socket, "room:join", { roomId: second.id }));
    const raised = raisedIn(second.id);
    expectOk(await say(author.socket, first.room.id, BURDEN));
    expectOk(await say(author.socket, second.id, TRAPPED));
    await settle();
    expect(raised()).toEqual([]);
  });

  it("forgets a cue once the author has sent CRISIS_CONTEXT_MESSAGES more", async () => {
    const { room, members } = await roomWithMembers(server, moderator.socket, 1);
    const author = members[0]!;
    const raised = raisedIn(room.id);
    expectOk(await say(author.socket, room.id, BURDEN));
    for (const body of ["one", "two", "three"]) expectOk(await say(author.socket, room.id, body));
    expectOk(await say(author.socket, room.id, TRAPPED));
    await settle();
    expect(raised()).toEqual([]);
  });
});
