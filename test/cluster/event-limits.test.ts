/**
 * The per-user event limits are held in Redis, so a user with a tab on each node gets no more
 * events than with both on one node.
 */
import { startCluster, type Cluster, type ClusterNode } from "../support/cluster";
import { expectOk, request } from "../support/server";
import { describeWithService, startRedis, type RunningService } from "../support/services";

jest.setTimeout(60_000);

const READ_LIMIT = 6;

describeWithService("redis", "event limits over Redis", () => {
  let redis: RunningService;
  let cluster: Cluster;
  let node1: ClusterNode;
  let node2: ClusterNode;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(2, { redisUrl: redis.url, env: { EVENT_USER_LIMIT_READ: String(READ_LIMIT), EVENT_RATE_WINDOW_SECONDS: "60" } });
    [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it("holds a user's read limit across nodes, and leaves other users alone", async () => {
    const u = await cluster.connectAs(node1, "member");
    const onNode2 = await cluster.connect(node2, u.token);
    for (let i = 0; i < READ_LIMIT; i++) expectOk(await request(i % 2 === 0 ? u.socket : onNode2, "room:list", {}));
    // Each node alone has seen half the limit; only the shared counter refuses this one.
    const refused = await request(onNode2, "room:list", {});
    expect(refused.ok === false && refused.error.code).toBe("rate_limited");
    expect(refused.ok === false && (refused.error.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    const other = await cluster.connectAs(node2, "member");
    expectOk(await request(other.socket, "room:list", {}));
  });
});
