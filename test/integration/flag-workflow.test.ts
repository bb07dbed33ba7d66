/**
 * The moderators' crisis workflow beyond claim and resolve: unclaim, reassign, a claim left past
 * its deadline alerting again (once, across nodes), and the queue's places ordered by urgency.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, type ManualClock } from "../support/clock";
import { collect, expectOk, nextEvent, request, settle, startTestServer, waitForEvent, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  let admin: Client;

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({
      store: await openStore(),
      deps: { clock },
      env: { FLAG_DEADLINE_IMMINENT_SECONDS: "120", FLAG_DEADLINE_HIGH_SECONDS: "600", MESSAGE_RATE_LIMIT: "1000", SESSION_TICK_SECONDS: "300" },
    });
    admin = await server.connectAs("admin");
  });
  afterAll(() => server.close());

  async function flagIn(body: string, mod?: Client) {
    mod ??= await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
    return { mod, room, author, flag: await raised };
  }

  const auditOf = async (action: string, flagId: string) =>
    (await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", `/api/admin/audit?action=${action}`)).body.entries.filter((e) => e.details?.["flagId"] === flagId);

  it("lets the claimer unclaim at any time, tells every moderator, and records it", async () => {
    const { mod, flag } = await flagIn("I want to kill myself");
    expectOk(await request(mod.socket, "flag:claim", { flagId: flag.id }));
    const updated = waitForEvent(admin.socket, "flag:updated", (f) => f.id === flag.id && f.status === "open");
    const open = expectOk(await request(mod.socket, "flag:unclaim", { flagId: flag.id }));
    expect(open).toMatchObject({ id: flag.id, status: "open", claimedBy: null });
    expect(await updated).toMatchObject({ id: flag.id, status: "open" });
    expect(await auditOf("flag.unclaim", flag.id)).toEqual([expect.objectContaining({ actorId: mod.user.id, details: expect.objectContaining({ from: mod.user.id }) })]);
    // Open again: anyone may claim it.
    const other = await server.connectAs("moderator");
    expect(expectOk(await request(other.socket, "flag:claim", { flagId: flag.id }))).toMatchObject({ status: "claimed", claimedBy: other.user.id });
  });

  it("refuses another moderator's unclaim before the claim's deadline, and allows it after", async () => {
    const { mod, flag } = await flagIn("I want to kill myself");
    expectOk(await request(mod.socket, "flag:claim", { flagId: flag.id }));
    const other = await server.connectAs("moderator");
    expect(await request(other.socket, "flag:unclaim", { flagId: flag.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await server.store.flags.findById(flag.id))?.claimedBy).toBe(mod.user.id);
    // High tier: ten minutes to be claimed, five times that to be resolved once claimed.
    clock.advanceMinutes(51);
    expect(expectOk(await request(other.socket, "flag:unclaim", { flagId: flag.id }))).toMatchObject({ status: "open" });
    expect(await auditOf("flag.unclaim", flag.id)).toEqual([expect.objectContaining({ actorId: other.user.id })]);
  });

  it("reassigns an open or a claimed flag to another moderator, who is told, and records it", async () => {
    const { mod, flag } = await flagIn("I want to kill myself");
    const target = await server.connectAs("moderator");
    const assigned = nextEvent(target.socket, "flag:assigned");
    const given = expectOk(await request(mod.socket, "flag:reassign", { flagId: flag.id, toUserId: target.user.id }));
    expect(given).toMatchObject({ status: "claimed", claimedBy: target.user.id, claimedByName: target.user.displayName });
    expect(await assigned).toMatchObject({ id: flag.id, claimedBy: target.user.id });
    // Claimed by the target now: an admin hands it on again.
    const third = await server.connectAs("admin");
    expect(expectOk(await request(admin.socket, "flag:reassign", { flagId: flag.id, toUserId: third.user.id }))).toMatchObject({ claimedBy: third.user.id });
    const entries = await auditOf("flag.reassign", flag.id);
    expect(entries.map((e) => e.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: null, to: target.user.id }), expect.objectContaining({ from: target.user.id, to: third.user.id })]),
    );
  });

  it("refuses to give a flag to someone who is not staff, or a resolved flag, and changes nothing", async () => {
    const { mod, author, flag } = await flagIn("I want to kill myself");
    expect(await request(mod.socket, "flag:reassign", { flagId: flag.id, toUserId: author.user.id })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:reassign", { flagId: flag.id, toUserId: randomUUID() })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await request(mod.socket, "flag:reassign", { flagId: flag.id })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await server.store.flags.findById(flag.id)).toMatchObject({ status: "open", claimedBy: null });
    expectOk(await request(mod.socket, "flag:resolve", { flagId: flag.id, outcome: "safe" }));
    expect(await request(mod.socket, "flag:reassign", { flagId: flag.id, toUserId: admin.user.id })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await request(mod.socket, "flag:unclaim", { flagId: flag.id })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await auditOf("flag.reassign", flag.id)).toEqual([]);
  });

  it("alerts again, once across nodes, when a claim is left unresolved past its deadline; a new holder starts afresh", async () => {
    const second = await startTestServer({ store: server.store, deps: { clock } });
    try {
      const { mod, flag } = await flagIn("this is my goodbye");
      expectOk(await request(mod.socket, "flag:claim", { flagId: flag.id }));
      // Each node emits only to its own sockets here: an admin listens on each, and both nodes tick twice.
      const tickBoth = async () => {
        for (let i = 0; i < 2; i++) await Promise.all([server.app.flags.tick(), second.app.flags.tick()]);
        await settle();
      };
      const seen = [collect(admin.socket, "flag:overdue"), collect(await second.connectAs("admin").then((a) => a.socket), "flag:overdue")];
      const alerts = () => seen.flat().filter((f) => f.id === flag.id);
      // Imminent: two minutes to be claimed; the claim has ten.
      clock.advanceMinutes(9);
      await tickBoth();
      expect(alerts()).toEqual([]);
      clock.advanceMinutes(2);
      await tickBoth();
      expect(alerts()).toEqual([expect.objectContaining({ status: "claimed", claimedBy: mod.user.id })]);
      // Handed on: the new holder's own ten minutes, then one more alert.
      const target = await server.connectAs("moderator");
      expectOk(await request(mod.socket, "flag:reassign", { flagId: flag.id, toUserId: target.user.id }));
      clock.advanceMinutes(9);
      await tickBoth();
      expect(alerts()).toHaveLength(1);
      clock.advanceMinutes(2);
      await tickBoth();
      // One alert per holder; which node sent each (and so their order in `seen`) is up to the race.
      expect(alerts().map((f) => f.claimedBy).sort()).toEqual([mod.user.id, target.user.id].sort());
    } finally {
      await second.app.close();
    }
  });

  it("orders places by their most urgent flag, not by how many they have", async () => {
    const mod = await server.connectAs("moderator");
    // Two high flags in one place, one imminent in another.
    const busy = await flagIn("I want to kill myself", mod);
    const second = await server.connectAs("member");
    expectOk(await request(second.socket, "room:join", { roomId: busy.room.id }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(second.socket, "message:send", { roomId: busy.room.id, clientMsgId: randomUUID(), body: "I want to kill myself" }));
    await raised;
    const urgent = await flagIn("this is my goodbye", mod);
    const queue = expectOk(await request(mod.socket, "flag:list", {}));
    const ids = queue.places.map((p) => p.place.id);
    expect(ids.indexOf(urgent.room.id)).toBeLessThan(ids.indexOf(busy.room.id));
    expect(queue.places.find((p) => p.place.id === busy.room.id)?.open).toBe(2);
  });
});
