/**
 * Two (sometimes three) Haven processes sharing one store and one real redis-server, with clients
 * on different nodes. Everything here would pass on a single node and fail across nodes without
 * the Redis adapter and the Redis-held limits.
 */
import { randomUUID } from "node:crypto";
import type { Message, SessionDetail } from "../../shared/dto";
import { startCluster, type Cluster, type ClusterNode } from "../support/cluster";
import { collect, expectOk, nextEvent, request, settle, waitForEvent, type ClientSocket, uniqueName } from "../support/server";
import { describeWithService, mongoForTests, startRedis, type RunningService } from "../support/services";

jest.setTimeout(60_000);

const RATE_LIMIT = 8;
const LOGIN_MAX_FAILURES = 3;

/** What the client does after a reconnect or a resync: fetch everything after the last seq it has. */
async function gapFill(socket: ClientSocket, roomId: string, after: number): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const page = expectOk(await request(socket, "message:history", { roomId, after: all.at(-1)?.seq ?? after, limit: 3 }));
    all.push(...page.messages);
    if (page.messages.length < 3) return all;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readiness = async (node: ClusterNode) => (await (await fetch(`${node.url}/readyz`)).json()) as { status: string };

describeWithService("redis", "several nodes over Redis", () => {
  let redis: RunningService;
  let cluster: Cluster;
  let node1: ClusterNode;
  let node2: ClusterNode;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(2, {
      redisUrl: redis.url,
      env: {
        MESSAGE_RATE_LIMIT: String(RATE_LIMIT),
        MESSAGE_RATE_WINDOW_SECONDS: "60",
        LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
        SESSION_TICK_SECONDS: "1",
      },
    });
    [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  async function roomWithMembersOn(...nodes: ClusterNode[]) {
    const mod = await cluster.connectAs(node1, "moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    const members = [];
    for (const node of nodes) {
      const m = await cluster.connectAs(node, "member");
      expectOk(await request(m.socket, "room:join", { roomId: room.id }));
      members.push(m);
    }
    return { room, members };
  }

  it("delivers messages, presence and typing between clients on different nodes", async () => {
    const { room, members } = await roomWithMembersOn(node1);
    const a = members[0]!;
    const b = await cluster.connectAs(node2, "member");

    const joinedSeenByA = nextEvent(a.socket, "presence:joined");
    const join = expectOk(await request(b.socket, "room:join", { roomId: room.id }));
    expect(join.present.map((u) => u.id)).toEqual(expect.arrayContaining([a.user.id, b.user.id]));
    expect((await joinedSeenByA).user.id).toBe(b.user.id);

    const typing = nextEvent(a.socket, "typing:updated");
    expectOk(await request(b.socket, "typing:set", { roomId: room.id, typing: true }));
    expect(await typing).toMatchObject({ roomId: room.id, userId: b.user.id, typing: true });

    const received = nextEvent(b.socket, "message:created");
    const sent = expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "across nodes" }));
    expect(await received).toEqual(sent);

    const left = nextEvent(a.socket, "presence:left");
    expectOk(await request(b.socket, "room:leave", { roomId: room.id }));
    expect(await left).toEqual({ roomId: room.id, userId: b.user.id });
  });

  it("announces a user as gone only when their last socket on any node is", async () => {
    const { room, members } = await roomWithMembersOn(node1);
    const a = members[0]!;
    const b = await cluster.connectAs(node2, "member");
    const bOnNode1 = await cluster.connect(node1, b.token);
    expectOk(await request(b.socket, "room:join", { roomId: room.id }));
    expectOk(await request(bOnNode1, "room:join", { roomId: room.id }));

    // Node1 must ask node2 before announcing: B is still there.
    const lefts = collect(a.socket, "presence:left");
    bOnNode1.disconnect();
    await settle(500);
    expect(lefts).toEqual([]);

    const left = nextEvent(a.socket, "presence:left");
    b.socket.disconnect();
    expect(await left).toEqual({ roomId: room.id, userId: b.user.id });
  });

  it("takes every socket of a user out of a room, on every node, when they leave it", async () => {
    const { room, members } = await roomWithMembersOn(node2, node2);
    const [a, b] = members as [(typeof members)[0], (typeof members)[0]];
    const bOnNode1 = await cluster.connect(node1, b.token);
    expectOk(await request(bOnNode1, "room:join", { roomId: room.id }));

    // B leaves through node1; B's socket on node2 must stop receiving what is sent on node2.
    const seenOnNode2 = collect(b.socket, "message:created");
    expectOk(await request(bOnNode1, "room:leave", { roomId: room.id }));
    expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "after leaving" }));
    await settle(500);
    expect(seenOnNode2).toEqual([]);
  });

  it("disconnects a user's sockets on every node when an admin changes their role", async () => {
    const admin = await cluster.createUser("admin");
    const adminToken = ((await (await cluster.login(node1, admin.user.username, admin.password)).json()) as { token: string }).token;
    const u = await cluster.connectAs(node2, "member");
    expect((await request(u.socket, "room:create", { name: uniqueName("not yet ") })).ok).toBe(false);

    const disconnected = new Promise<string>((resolve, reject) => {
      u.socket.once("disconnect", resolve);
      setTimeout(() => reject(new Error("the socket on node2 was not disconnected")), 5000);
    });
    const res = await fetch(`${node1.url}/api/admin/users/${u.user.id}/role`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ role: "moderator" }),
    });
    expect(res.status).toBe(200);
    expect(await disconnected).toBe("io server disconnect");

    // The same token, a fresh handshake: the new role is read from the store.
    const again = await cluster.connect(node2, u.token);
    expectOk(await request(again, "room:create", { name: uniqueName("now allowed ") }));
  });

  it("holds the message rate limit per user across nodes", async () => {
    const { room, members } = await roomWithMembersOn(node1);
    const u = members[0]!;
    const uOnNode2 = await cluster.connect(node2, u.token);
    expectOk(await request(uOnNode2, "room:join", { roomId: room.id }));

    for (let i = 0; i < RATE_LIMIT; i++) {
      const socket = i % 2 === 0 ? u.socket : uOnNode2;
      expectOk(await request(socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `m${i}` }));
    }
    // Each node alone has seen only half the limit; only a shared counter refuses this one.
    const refused = await request(u.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "one too many" });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("rate_limited");
    expect((refused.error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("counts failed sign-ins across nodes", async () => {
    const { user, password } = await cluster.createUser("member");
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      const node = i % 2 === 0 ? node1 : node2;
      expect((await cluster.login(node, user.username, "wrong password")).status).toBe(401);
    }
    const res = await cluster.login(node2, user.username, password);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("lets nothing cross to a deployment under another key prefix", async () => {
    const other = await cluster.addNode({ REDIS_KEY_PREFIX: `${cluster.prefix}-other` });
    try {
      const { room, members } = await roomWithMembersOn(node1, node2);
      const [a, b] = members as [(typeof members)[0], (typeof members)[0]];
      const c = await cluster.connectAs(other, "member");
      const join = expectOk(await request(c.socket, "room:join", { roomId: room.id }));
      // Same store, same Redis, other prefix: presence and broadcasts stay within each deployment.
      expect(join.present.map((u) => u.id)).toEqual([c.user.id]);

      const seenByC = collect(c.socket, "message:created");
      const received = nextEvent(b.socket, "message:created");
      expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "same deployment only" }));
      await received;
      await settle(500);
      expect(seenByC).toEqual([]);
    } finally {
      await other.stop();
      cluster.nodes.splice(cluster.nodes.indexOf(other), 1);
    }
  });

  it("gives a client that reconnects after its node crashed everything it missed, in order, once", async () => {
    const { room, members } = await roomWithMembersOn(node1);
    const a = members[0]!;
    const b = await cluster.connectAs(node2, "member");
    const bSocket = await cluster.connect(node2, b.token, { reconnection: true });
    expectOk(await request(bSocket, "room:join", { roomId: room.id }));
    const first = nextEvent(bSocket, "message:created");
    const seen = expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "before" }));
    expect((await first).seq).toBe(seen.seq);

    await node2.stop("SIGKILL");
    const sentMeanwhile = [];
    for (let i = 0; i < 7; i++) {
      sentMeanwhile.push(expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `while down ${i}` })));
    }
    const reconnected = new Promise<void>((resolve) => bSocket.io.once("reconnect", () => resolve()));
    await node2.start();
    await reconnected;

    expectOk(await request(bSocket, "room:join", { roomId: room.id }));
    const missed = await gapFill(bSocket, room.id, seen.seq);
    expect(missed.map((m) => m.id)).toEqual(sentMeanwhile.map((m) => m.id));

    // The same from a fresh connection to the other node: gap-fill does not depend on where you land.
    const elsewhere = await cluster.connect(node1, b.token);
    expect((await gapFill(elsewhere, room.id, seen.seq)).map((m) => m.seq)).toEqual(sentMeanwhile.map((m) => m.seq));
  });

  async function sessionEndingSoon(secondsLeft: number) {
    const mod = await cluster.connectAs(node1, "moderator");
    const facilitator = await cluster.connectAs(node2, "peer");
    const now = Date.now();
    const res = await fetch(`${node1.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({
        title: "Short session",
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + secondsLeft * 1000).toISOString(),
        capacity: 10,
        facilitatorIds: [facilitator.user.id],
      }),
    });
    expect(res.status).toBe(201);
    const session = ((await res.json()) as { sessions: SessionDetail[] }).sessions[0]!;
    return { mod, facilitator, session };
  }

  it("closes a session's room once, whichever node gets there first, for clients on every node", async () => {
    // Long enough for both joins on a busy machine; the nodes tick every second.
    const { session } = await sessionEndingSoon(5);
    const a = await cluster.connectAs(node1, "member");
    const b = await cluster.connectAs(node2, "member");
    expectOk(await request(a.socket, "room:join", { roomId: session.roomId }));
    expectOk(await request(b.socket, "room:join", { roomId: session.roomId }));
    const endedA = collect(a.socket, "session:ended");
    const endedB = collect(b.socket, "session:ended");
    await until("both clients to hear the end", async () => (endedA.length > 0 && endedB.length > 0 ? true : undefined));
    // Both nodes keep ticking every second; give them two more chances to announce it again.
    await settle(2500);
    expect(endedA).toEqual([{ sessionId: session.id, roomId: session.roomId }]);
    expect(endedB).toEqual([{ sessionId: session.id, roomId: session.roomId }]);
    const late = await request(b.socket, "message:send", { roomId: session.roomId, clientMsgId: randomUUID(), body: "too late" });
    expect(late.ok === false && late.error.code).toBe("room_closed");
  });

  it("removes a member whose socket is on another node, and tells them there", async () => {
    const { facilitator, session } = await sessionEndingSoon(600);
    expectOk(await request(facilitator.socket, "room:join", { roomId: session.roomId }));
    const target = await cluster.connectAs(node1, "member");
    expectOk(await request(target.socket, "room:join", { roomId: session.roomId }));
    const notice = nextEvent(target.socket, "moderation:notice");
    const seen = collect(target.socket, "message:created");
    expectOk(await request(facilitator.socket, "moderation:remove", { roomId: session.roomId, userId: target.user.id, reason: "cross-node" }));
    expect((await notice).kind).toBe("removed");
    expectOk(await request(facilitator.socket, "message:send", { roomId: session.roomId, clientMsgId: randomUUID(), body: "after" }));
    await settle(500);
    expect(seen).toEqual([]);
  });

  it("delivers a private message to every device of both participants across nodes, and to nobody else", async () => {
    const mod = await cluster.connectAs(node1, "moderator");
    const member = await cluster.connectAs(node1, "member");
    const peer = await cluster.connectAs(node2, "peer");
    const peerOnNode1 = await cluster.connect(node1, peer.token);
    const bystander = await cluster.connectAs(node2, "member");
    const res = await fetch(`${node1.url}/api/assignments`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({ memberId: member.user.id, peerId: peer.user.id }),
    });
    const { conversationId } = (await res.json()) as { conversationId: string };
    const seenElsewhere = collect(bystander.socket, "conversation:message");
    const onNode2 = nextEvent(peer.socket, "conversation:message");
    const onNode1 = nextEvent(peerOnNode1, "conversation:message");
    const unread = waitForEvent(peer.socket, "conversation:unread", (e) => e.conversationId === conversationId);
    const sent = expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "across nodes" }));
    expect(await onNode2).toEqual(sent);
    expect(await onNode1).toEqual(sent);
    expect((await unread).unread).toBe(1);
    const seen = nextEvent(member.socket, "conversation:read");
    expectOk(await request(peer.socket, "conversation:read", { conversationId, seq: sent.seq }));
    expect((await seen).seq).toBe(sent.seq);
    await settle(300);
    expect(seenElsewhere).toEqual([]);
  });

  it("alerts a moderator on another node to a crisis message, and offers support to the author alone", async () => {
    const author = await cluster.connectAs(node1, "member");
    const bystander = await cluster.connectAs(node2, "member");
    const mod = await cluster.connectAs(node2, "moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Flags across nodes ") }));
    for (const c of [author, bystander, mod]) expectOk(await request(c.socket, "room:join", { roomId: room.id }));
    const raised = waitForEvent(mod.socket, "flag:raised", (f) => f.place.id === room.id);
    const support = nextEvent(author.socket, "support:offered");
    const bystanderSees = [collect(bystander.socket, "flag:raised"), collect(bystander.socket, "support:offered")];
    const delivered = nextEvent(bystander.socket, "message:created");
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I wrote my suicide note" }));
    expect((await raised).severity).toBe("imminent");
    expect((await support).resources.length).toBeGreaterThan(0);
    await delivered;
    await settle(300);
    expect(bystanderSees).toEqual([[], []]);
  });

  it("holds an imminent message from every node but its author's tabs, releases it everywhere, and back-fills the context other nodes stored", async () => {
    // Holding is a per-node setting: this node has it, so messages sent through it are held.
    const holding = await cluster.addNode({ CRISIS_HOLD_IMMINENT: "true" });
    try {
      const author = await cluster.connectAs(holding, "member");
      const authorTab = await cluster.connect(node1, author.token);
      const bystander = await cluster.connectAs(node2, "member");
      const mod = await cluster.connectAs(node2, "moderator");
      const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Held across nodes ") }));
      for (const s of [author.socket, authorTab, bystander.socket, mod.socket]) expectOk(await request(s, "room:join", { roomId: room.id }));
      const raised = waitForEvent(mod.socket, "flag:raised", (f) => f.place.id === room.id);
      const tabGets = nextEvent(authorTab, "message:created");
      const bystanderGets = collect(bystander.socket, "message:created");
      const modGets = collect(mod.socket, "message:created");

      const held = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
      expect(held.held).toBe(true);
      expect(await tabGets).toMatchObject({ id: held.id, held: true });
      const flag = await raised;
      expect(flag.held).toBe(true);

      // Said through node 1, which did not raise the flag: node 1 cannot freeze it; a tick does.
      const after = expectOk(await request(bystander.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "are you ok?" }));
      const context = await until("the after-context to be back-filled", async () => {
        const detail = expectOk(await request(mod.socket, "flag:get", { flagId: flag.id }));
        return detail.context.some((m) => m.id === after.id) ? detail.context : undefined;
      });
      expect(context.map((m) => m.seq)).toEqual([held.seq, after.seq]);
      await settle(300);
      expect(bystanderGets.map((m) => m.id)).toEqual([after.id]);
      expect(modGets.map((m) => m.id)).toEqual([after.id]);

      const released = nextEvent(bystander.socket, "message:released");
      const tabCleared = nextEvent(authorTab, "message:released");
      expectOk(await request(mod.socket, "flag:release", { flagId: flag.id }));
      expect(await released).toMatchObject({ id: held.id, body: "I am going to kill myself tonight" });
      expect((await tabCleared).id).toBe(held.id);
    } finally {
      await holding.stop();
      cluster.nodes.splice(cluster.nodes.indexOf(holding), 1);
    }
  });

  it("keeps storing and acking through a Redis restart, reports it once, and lets clients catch up", async () => {
    const { room, members } = await roomWithMembersOn(node1, node2);
    const [a, b] = members as [(typeof members)[0], (typeof members)[0]];
    const live = collect(b.socket, "message:created");
    const before = expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "before" }));
    await until("the first message on node2", async () => (live.length > 0 ? true : undefined));
    const warningsBefore = node1.logs.filter((l) => l.msg.startsWith("Redis unreachable")).length;

    await redis.pause();
    await until("node1 to report degraded", async () => ((await readiness(node1)).status === "degraded" ? true : undefined));
    const sentDuringOutage = [];
    for (let i = 0; i < 5; i++) {
      sentDuringOutage.push(expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `outage ${i}` })));
    }
    const ready = await fetch(`${node1.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "degraded", checks: expect.arrayContaining([{ name: "redis", ok: false, critical: false, reason: expect.any(String) }]) });

    const resync = nextEvent(b.socket, "server:resync", 20_000);
    await redis.resume();
    await resync;
    await until("node1 to be ready", async () => ((await readiness(node1)).status === "ready" ? true : undefined));

    const lastSeen = Math.max(...live.map((m) => m.seq));
    const caughtUp = await gapFill(b.socket, room.id, lastSeen);
    const everything = [...live.filter((m) => m.seq > before.seq), ...caughtUp];
    expect(new Set(everything.map((m) => m.id))).toEqual(new Set(sentDuringOutage.map((m) => m.id)));

    const after = waitForEvent(b.socket, "message:created", (m) => m.body === "after");
    expectOk(await request(a.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "after" }));
    await after;

    const warnings = node1.logs.filter((l) => l.msg.startsWith("Redis unreachable")).length - warningsBefore;
    expect(warnings).toBe(1);
  });
});

describeWithService("redis", "several nodes over Redis with the sharded adapter", () => {
  let redis: RunningService;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(2, { redisUrl: redis.url, env: { REDIS_SHARDED_ADAPTER: "true" } });
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it("delivers messages and presence between nodes over sharded pub/sub", async () => {
    const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
    const mod = await cluster.connectAs(node1, "moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Sharded ") }));
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const b = await cluster.connectAs(node2, "member");
    const join = expectOk(await request(b.socket, "room:join", { roomId: room.id }));
    expect(join.present.map((u) => u.id)).toEqual(expect.arrayContaining([mod.user.id, b.user.id]));

    const received = nextEvent(b.socket, "message:created");
    const sent = expectOk(await request(mod.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "sharded" }));
    expect(await received).toEqual(sent);
    expect(node1.logs.some((l) => l.adapter === "redis-sharded")).toBe(true);
  });
});

// Production runs several nodes over MongoDB: the same checks with the store that they share there.
describeWithService("ferretdb", "several nodes over MongoDB", () => {
  describeWithService("redis", "and Redis", () => {
    let redis: RunningService;
    let mongo: Awaited<ReturnType<typeof mongoForTests>>;
    let cluster: Cluster;

    beforeAll(async () => {
      redis = await startRedis();
      mongo = await mongoForTests();
      cluster = await startCluster(2, { redisUrl: redis.url, mongoUri: mongo.uri(`haven_cluster_${randomUUID().slice(0, 8)}`) });
    });
    afterAll(async () => {
      await cluster?.close();
      await mongo?.stop();
      await redis?.stop();
    });

    it("numbers concurrent sends from both nodes without gaps and delivers each everywhere once", async () => {
      const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
      const mod = await cluster.connectAs(node1, "moderator");
      const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Busy room ") }));
      const a = await cluster.connectAs(node1, "member");
      const b = await cluster.connectAs(node2, "member");
      expectOk(await request(a.socket, "room:join", { roomId: room.id }));
      expectOk(await request(b.socket, "room:join", { roomId: room.id }));
      const seenByA = collect(a.socket, "message:created");

      const sends = Array.from({ length: 12 }, (_, i) =>
        request(i % 2 === 0 ? a.socket : b.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `m${i}` }),
      );
      const seqs = (await Promise.all(sends)).map((ack) => expectOk(ack).seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      await until("A to receive all 12", async () => (seenByA.length >= 12 ? true : undefined));
      await settle(200);
      expect(seenByA.map((m) => m.seq).sort((x, y) => x - y)).toEqual(seqs);
    });
  });
});
