/**
 * The review list: a hit that is not the writer's own current risk pages nobody and shows its
 * author nothing; moderators see it on a list apart from the queue, and promote it into the queue
 * (the detector missed it) or dismiss it.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock } from "../support/clock";
import { collect, expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

const NEGATED = "honestly I'm not suicidal anymore, just tired of this week at work";
const HYPOTHETICAL = "if you ever feel suicidal please reach out, we are here for you";

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;
  const clock = manualClock(new Date("2026-11-30T12:00:00.000Z"));

  beforeAll(async () => {
    server = await startTestServer({
      store: await openStore(),
      env: { FLAG_CONTEXT_MESSAGES: "3", SESSION_TICK_SECONDS: "300", MESSAGE_RATE_LIMIT: "1000", FLAG_DEADLINE_ELEVATED_SECONDS: "600" },
      deps: { clock },
    });
    moderator = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  const roomWith = (count: number) => roomWithMembers(server, moderator.socket, count);
  const say = (socket: ClientSocket, roomId: string, body: string) => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });
  // A fresh admin each time: the tests move the clock past earlier tokens' expiry.
  const auditOf = async (action: string, actorId: string) => {
    const admin = await server.connectAs("admin");
    return (await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?userId=${actorId}&action=${action}`)).body.entries;
  };

  /** A room where one member said something that is listed; resolves with the item as moderators heard it. */
  async function listedIn(body = NEGATED) {
    const { room, members } = await roomWith(1);
    const listed = nextEvent(moderator.socket, "flag:listed");
    expectOk(await say(members[0]!.socket, room.id, body));
    return { room, author: members[0]!, item: await listed };
  }

  it("lists a negated message for moderators without alerting anyone, showing its author nothing", async () => {
    const { room, members } = await roomWith(2);
    const [author, other] = members as [Client, Client];
    const raised = collect(moderator.socket, "flag:raised");
    const support = collect(author.socket, "support:offered");
    const otherHears = [collect(other.socket, "flag:listed"), collect(author.socket, "flag:listed")];
    const listed = nextEvent(moderator.socket, "flag:listed");
    const delivered = nextEvent(other.socket, "message:created");

    expectOk(await say(author.socket, room.id, NEGATED));
    expect((await delivered).body).toBe(NEGATED);
    const item = await listed;
    expect(item).toMatchObject({ place: { kind: "room", id: room.id }, authorId: author.user.id, disposition: "review", reasons: ["negated"], categories: ["suicidal_ideation"] });
    expect(item.terms).toEqual(["suicidal"]);
    expect(JSON.stringify(item)).not.toContain("tired of this week");
    await settle();
    expect(raised.filter((f) => f.place.id === room.id)).toEqual([]);
    expect(support).toEqual([]);
    expect(otherHears).toEqual([[], []]);

    const queue = expectOk(await request(moderator.socket, "flag:list", {}));
    expect(queue.flags.map((f) => f.id)).not.toContain(item.id);
    const page = expectOk(await request(moderator.socket, "flag:review_list", {}));
    expect(page.items[0]).toEqual(item);
    // Nobody is paged for it later either.
    clock.advanceMinutes(120);
    expect(await server.app.flags.tick()).toBe(0);
  });

  it("never merges a listed mention into an alert flag from the same author, nor an alert into a listed item", async () => {
    const { room, author, item } = await listedIn();
    const raised = nextEvent(moderator.socket, "flag:raised");
    const updated = collect(moderator.socket, "flag:updated");
    expectOk(await say(author.socket, room.id, "I want to die"));
    const flag = await raised;
    expect(flag.id).not.toBe(item.id);
    expect(flag).toMatchObject({ hits: 1, disposition: "alert", lane: "page" });
    const listedAgain = nextEvent(moderator.socket, "flag:listed");
    expectOk(await say(author.socket, room.id, NEGATED));
    expect((await listedAgain).id).not.toBe(flag.id);
    await settle();
    expect(updated.filter((f) => f.id === flag.id)).toEqual([]);
    expect(await server.store.flags.findById(item.id)).toMatchObject({ lane: "list", hits: 1 });
  });

  it("opens a listed item's frozen context like a flag's", async () => {
    const { room, members } = await roomWith(1);
    expectOk(await say(members[0]!.socket, room.id, "rough day"));
    const listed = nextEvent(moderator.socket, "flag:listed");
    expectOk(await say(members[0]!.socket, room.id, HYPOTHETICAL));
    const item = await listed;
    expect(item.reasons).toEqual(["hypothetical"]);
    const detail = expectOk(await request(moderator.socket, "flag:get", { flagId: item.id }));
    expect(detail).toMatchObject({ lane: "list", disposition: "review", reasons: ["hypothetical"] });
    expect(detail.context.map((m) => m.body)).toEqual(["rough day", HYPOTHETICAL]);
  });

  it("promotes an item into the queue as a new flag every moderator hears of, audited, which is then claimed as usual", async () => {
    const second = await server.connectAs("moderator");
    const { room, author, item } = await listedIn();
    const raisedForSecond = nextEvent(second.socket, "flag:raised");
    const unlisted = nextEvent(second.socket, "flag:unlisted");

    const promoted = expectOk(await request(moderator.socket, "flag:promote", { flagId: item.id }));
    expect(promoted).toMatchObject({ id: item.id, lane: "page", status: "open", disposition: "review", reasons: ["negated"], promotedBy: moderator.user.id, promotedAt: clock.now().toISOString() });
    expect(promoted.promotedByName).toBe(moderator.user.displayName);
    // Its deadline runs from the promotion, not from when it was said.
    expect(promoted.dueAt).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    expect(await raisedForSecond).toMatchObject({ id: item.id, lane: "page" });
    expect(await unlisted).toEqual({ flagId: item.id, lane: "page" });

    const queue = expectOk(await request(moderator.socket, "flag:list", {}));
    expect(queue.flags.map((f) => f.id)).toContain(item.id);
    const page = expectOk(await request(moderator.socket, "flag:review_list", {}));
    expect(page.items.map((i) => i.id)).not.toContain(item.id);
    expect(expectOk(await request(second.socket, "flag:claim", { flagId: item.id }))).toMatchObject({ status: "claimed" });

    const again = await request(second.socket, "flag:promote", { flagId: item.id });
    expect(again.ok === false && again.error.code).toBe("conflict");
    expect(await auditOf("flag.promote", moderator.user.id)).toEqual([
      expect.objectContaining({ actorId: moderator.user.id, targetUserId: author.user.id, roomId: room.id, details: expect.objectContaining({ flagId: item.id, disposition: "review" }) }),
    ]);
    expect(await server.store.flags.findById(item.id)).toMatchObject({ promotedBy: moderator.user.id, promotedAt: clock.now() });
  });

  it("dismisses an item off every moderator's list, audited, after which it can be neither promoted nor claimed", async () => {
    const second = await server.connectAs("moderator");
    const { item } = await listedIn();
    const claim = await request(moderator.socket, "flag:claim", { flagId: item.id });
    expect(claim.ok === false && claim.error.code).toBe("conflict");

    const unlisted = nextEvent(second.socket, "flag:unlisted");
    expect(expectOk(await request(moderator.socket, "flag:dismiss", { flagId: item.id }))).toEqual({ flagId: item.id });
    expect(await unlisted).toEqual({ flagId: item.id, lane: "dismissed" });
    const page = expectOk(await request(moderator.socket, "flag:review_list", {}));
    expect(page.items.map((i) => i.id)).not.toContain(item.id);
    for (const event of ["flag:promote", "flag:dismiss", "flag:claim"] as const) {
      const ack = await request(moderator.socket, event, { flagId: item.id });
      expect(ack.ok === false && ack.error.code).toBe("conflict");
    }
    expect((await auditOf("flag.dismiss", moderator.user.id)).map((e) => e.details)).toEqual([expect.objectContaining({ flagId: item.id })]);
    const unknown = await request(moderator.socket, "flag:promote", { flagId: randomUUID() });
    expect(unknown.ok === false && unknown.error.code).toBe("not_found");
  });

  it("pages through the list newest first with a cursor", async () => {
    const items = [];
    for (let i = 0; i < 3; i++) {
      clock.advanceMinutes(1);
      items.push((await listedIn()).item);
    }
    const first = expectOk(await request(moderator.socket, "flag:review_list", { limit: 2 }));
    expect(first.items.map((i) => i.id)).toEqual([items[2]!.id, items[1]!.id]);
    expect(first.next).toEqual({ createdAt: items[1]!.createdAt, id: items[1]!.id });
    const second = expectOk(await request(moderator.socket, "flag:review_list", { limit: 2, before: first.next! }));
    expect(second.items[0]!.id).toBe(items[0]!.id);
  });

  it("refuses a bad page request with invalid_input, and the list and its actions to members and peer supporters", async () => {
    for (const payload of [{ limit: 0 }, { limit: 101 }, { before: { createdAt: "yesterday", id: randomUUID() } }, { extra: true }]) {
      const ack = await request(moderator.socket, "flag:review_list", payload as never);
      expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    }
    const { item } = await listedIn();
    for (const role of ["member", "peer"] as const) {
      const someone = await server.connectAs(role);
      for (const [event, payload] of [["flag:review_list", {}], ["flag:promote", { flagId: item.id }], ["flag:dismiss", { flagId: item.id }]] as const) {
        const ack = await request(someone.socket, event, payload as never);
        expect(ack.ok === false && ack.error.code).toBe("forbidden");
      }
    }
    expect(await server.store.flags.findById(item.id)).toMatchObject({ lane: "list" });
  });

  it("lists a private conversation's item and records each opening of its context", async () => {
    const member = await server.connectAs("member");
    const peer = await server.connectAs("peer");
    const staff = await server.connectAs("moderator");
    const res = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const { conversationId } = res.body;
    const listed = nextEvent(moderator.socket, "flag:listed");
    const support = collect(member.socket, "support:offered");
    expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: NEGATED }));
    const item = await listed;
    expect(item.place).toEqual({ kind: "conversation", id: conversationId });
    expectOk(await request(moderator.socket, "flag:get", { flagId: item.id }));
    expect(await auditOf("flag.view", moderator.user.id)).toEqual([expect.objectContaining({ targetUserId: member.user.id, details: expect.objectContaining({ flagId: item.id, conversationId }) })]);
    await settle();
    expect(support).toEqual([]);
  });

  it("deletes items past the retention on the tick, keeping promoted ones", async () => {
    const { item: stale } = await listedIn();
    const { item: kept } = await listedIn();
    expectOk(await request(moderator.socket, "flag:promote", { flagId: kept.id }));
    clock.advanceMinutes(31 * 24 * 60);
    await server.app.flags.tick();
    expect(await server.store.flags.findById(stale.id)).toBeNull();
    expect(await server.store.flags.findById(kept.id)).toMatchObject({ lane: "page" });
  });
});
