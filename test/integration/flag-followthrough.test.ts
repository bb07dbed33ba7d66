import { randomUUID } from "node:crypto";
import pino from "pino";
import type { OncallDeliveryAttempt } from "../../shared/dto";
import { api } from "../support/api";
import { createOncallWebhook, sign, SIGNATURE_HEADER } from "../../server/src/notify/oncall-webhook";
import { manualClock, type ManualClock } from "../support/clock";
import { startReceiver } from "../support/receiver";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

const SECRET = "a-webhook-secret-of-some-length";

describe("the on-call webhook", () => {
  it("signs the exact body with HMAC-SHA256 over timestamp and body, and retries until it is accepted", async () => {
    const receiver = await startReceiver([500, 503, 200]);
    try {
      const hook = createOncallWebhook({ url: receiver.url, secret: SECRET, logger: pino({ level: "silent" }), backoffMs: 10 });
      const ok = await hook.send({ event: "flag.overdue", flagId: "f1", severity: "imminent", categories: ["plan_timing"], place: { kind: "room", id: "r1" }, createdAt: "2026-01-01T00:00:00.000Z" });
      expect(ok).toBe(true);
      expect(receiver.received).toHaveLength(3);
      for (const r of receiver.received) {
        const timestamp = String(r.headers["x-haven-timestamp"]);
        expect(r.headers[SIGNATURE_HEADER]).toBe(sign(SECRET, timestamp, r.body));
        expect(r.headers[SIGNATURE_HEADER]).not.toBe(sign("another-secret-entirely", timestamp, r.body));
      }
      const body = JSON.parse(receiver.received[2]!.body) as Record<string, unknown>;
      expect(body).toMatchObject({ event: "flag.overdue", flagId: "f1", severity: "imminent", delivery: expect.any(String) });
      // The same delivery id on every attempt, so the receiver can de-duplicate.
      expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as { delivery: string }).delivery)).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it("gives up after its attempts and says so", async () => {
    const receiver = await startReceiver([500, 500, 500]);
    try {
      const hook = createOncallWebhook({ url: receiver.url, secret: SECRET, logger: pino({ level: "silent" }), attempts: 3, backoffMs: 5 });
      expect(await hook.send({ event: "flag.overdue", flagId: "f2", severity: "high", categories: [], place: { kind: "room", id: "r" }, createdAt: "" })).toBe(false);
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});

eachStore((openStore) => {
  let server: TestServer;
  let clock: ManualClock;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    clock = manualClock();
    receiver = await startReceiver();
    server = await startTestServer({
      store: await openStore(),
      deps: { clock, oncall: createOncallWebhook({ url: receiver.url, secret: SECRET, logger: pino({ level: "silent" }), backoffMs: 10 }) },
      env: { FLAG_DEADLINE_IMMINENT_SECONDS: "120", FLAG_DEADLINE_HIGH_SECONDS: "600", MESSAGE_RATE_LIMIT: "1000" },
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  async function flagIn(body: string) {
    const mod = await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    const raised = nextEvent(mod.socket, "flag:raised");
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
    return { mod, flag: await raised };
  }

  it("re-alerts every moderator and admin once when an imminent flag goes unclaimed past its deadline, and calls on-call", async () => {
    const { mod, flag } = await flagIn("this is my goodbye");
    // Imminent: two minutes (the default) to be claimed.
    expect(flag.dueAt).toBe(new Date(Date.parse(flag.createdAt) + 120_000).toISOString());
    const admin = await server.connectAs("admin");
    const overdue = collect(admin.socket, "flag:overdue");
    const before = receiver.received.length;
    clock.advanceMinutes(1);
    expect(await server.app.flags.tick()).toBe(0);
    clock.advanceMinutes(1);
    const seen = nextEvent(mod.socket, "flag:overdue");
    expect(await server.app.flags.tick()).toBe(1);
    expect((await seen).id).toBe(flag.id);
    expect(await server.app.flags.tick()).toBe(0);
    await settle();
    expect(overdue.map((f) => f.id)).toEqual([flag.id]);
    const calls = receiver.received.slice(before).map((r) => JSON.parse(r.body) as { event: string; flagId: string });
    expect(calls).toEqual([expect.objectContaining({ event: "flag.overdue", flagId: flag.id })]);
  });

  it("does not re-alert a flag that was claimed in time", async () => {
    const { mod, flag } = await flagIn("I want to kill myself");
    expectOk(await request(mod.socket, "flag:claim", { flagId: flag.id }));
    // Past the flag's claim deadline, within the claim's own (flag-workflow.test.ts).
    clock.advanceMinutes(8);
    const overdue = collect(mod.socket, "flag:overdue");
    await server.app.flags.tick();
    await settle();
    expect(overdue.filter((f) => f.id === flag.id)).toEqual([]);
  });

  it("stores every attempt of a delivery and its outcome, and shows moderators the log", async () => {
    const flaky = await startReceiver([500, 503, 200]);
    const down = await startReceiver([502, 502, 502]);
    try {
      const options = { secret: SECRET, logger: pino({ level: "silent" }), attempts: 3, backoffMs: 5, deliveries: server.store.oncallDeliveries };
      const flagId = randomUUID();
      const event = { flagId, severity: "imminent", categories: ["plan_timing"], place: { kind: "room", id: "r" }, createdAt: "2026-01-01T00:00:00.000Z" };
      expect(await createOncallWebhook({ ...options, url: flaky.url }).send({ event: "flag.overdue", ...event })).toBe(true);
      expect(await createOncallWebhook({ ...options, url: down.url }).send({ event: "flag.unattended", ...event })).toBe(false);

      const mod = await server.connectAs("moderator");
      const res = await api<{ attempts: OncallDeliveryAttempt[] }>(server.url, mod.token, "GET", `/api/admin/oncall-deliveries?flagId=${flagId}`);
      expect(res.status).toBe(200);
      const byDelivery = new Map<string, OncallDeliveryAttempt[]>();
      for (const a of res.body.attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
      expect(byDelivery.size).toBe(2);
      const delivered = JSON.parse(flaky.received[0]!.body) as { delivery: string };
      const gaveUp = JSON.parse(down.received[0]!.body) as { delivery: string };
      const summary = (id: string) => byDelivery.get(id)!.map((a) => [a.attempt, a.status, a.outcome]).reverse();
      expect(summary(delivered.delivery)).toEqual([
        [1, 500, "retrying"],
        [2, 503, "retrying"],
        [3, 200, "delivered"],
      ]);
      expect(summary(gaveUp.delivery)).toEqual([
        [1, 502, "retrying"],
        [2, 502, "retrying"],
        [3, 502, "gave_up"],
      ]);
      expect(byDelivery.get(gaveUp.delivery)![0]).toMatchObject({ event: "flag.unattended", flagId, error: null, at: expect.any(String) });
      const limited = await api<{ attempts: OncallDeliveryAttempt[] }>(server.url, mod.token, "GET", `/api/admin/oncall-deliveries?flagId=${flagId}&limit=2`);
      expect(limited.body.attempts).toHaveLength(2);
      const bad = await api(server.url, mod.token, "GET", "/api/admin/oncall-deliveries?limit=0");
      expect(bad.status).toBe(400);
    } finally {
      await flaky.close();
      await down.close();
    }
  });

  it("records a request that got no response with its error", async () => {
    const gone = await startReceiver();
    await gone.close();
    const flagId = randomUUID();
    const hook = createOncallWebhook({ url: gone.url, secret: SECRET, logger: pino({ level: "silent" }), attempts: 2, backoffMs: 5, deliveries: server.store.oncallDeliveries });
    expect(await hook.send({ event: "flag.overdue", flagId, severity: "high", categories: [], place: { kind: "room", id: "r" }, createdAt: "" })).toBe(false);
    const attempts = await server.store.oncallDeliveries.list({ flagId, limit: 10 });
    expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [2, null, "gave_up"],
      [1, null, "retrying"],
    ]);
    expect(attempts[0]!.error).toEqual(expect.any(String));
  });

  it("calls on-call at once when no moderator is online to see a new flag", async () => {
    const lonely = await startTestServer({
      store: server.store,
      deps: { clock, oncall: createOncallWebhook({ url: receiver.url, secret: SECRET, logger: pino({ level: "silent" }), backoffMs: 10 }) },
    });
    try {
      const roomOwner = await lonely.createUser("moderator");
      const room = await lonely.app.services.rooms.create({ userId: roomOwner.user.id, role: "moderator", displayName: "m" }, { name: "Nobody watching" });
      const author = await lonely.connectAs("member");
      expectOk(await request(author.socket, "room:join", { roomId: room.id }));
      const before = receiver.received.length;
      expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I want to kill myself" }));
      for (let i = 0; i < 50 && receiver.received.length === before; i++) await settle(20);
      expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ event: "flag.unattended", severity: "high" });
    } finally {
      await lonely.app.close();
    }
  });
});

describe("the configured on-call webhook", () => {
  it("writes its deliveries to the store's delivery log", async () => {
    const receiver = await startReceiver();
    const server = await startTestServer({ env: { ONCALL_WEBHOOK_URL: receiver.url, ONCALL_WEBHOOK_SECRET: SECRET } });
    try {
      const owner = await server.createUser("moderator");
      const room = await server.app.services.rooms.create({ userId: owner.user.id, role: "moderator", displayName: "m" }, { name: "Nobody watching" });
      const author = await server.connectAs("member");
      expectOk(await request(author.socket, "room:join", { roomId: room.id }));
      expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I want to kill myself" }));
      let logged: Awaited<ReturnType<typeof server.store.oncallDeliveries.list>> = [];
      for (let i = 0; i < 100 && logged.length === 0; i++) {
        await settle(20);
        logged = await server.store.oncallDeliveries.list({ limit: 10 });
      }
      expect(logged).toEqual([expect.objectContaining({ event: "flag.unattended", attempt: 1, status: 200, outcome: "delivered" })]);
      expect((JSON.parse(receiver.received[0]!.body) as { delivery: string }).delivery).toBe(logged[0]!.deliveryId);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});
