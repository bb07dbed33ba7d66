/**
 * The per-user event limits are held in Redis, so a user with a tab on each node gets no more
 * events than with both on one node.
 */
import { twoNodesOverRedis } from "../support/cluster";
import { expectOk, request } from "../support/server";
import { describeWithService } from "../support/services";

jest.setTimeout(60_000);

const READ_LIMIT = 6;

describeWithService("redis", "event limits over Redis", () => {
  const nodes = twoNodesOverRedis({ env: { EVENT_USER_LIMIT_READ: String(READ_LIMIT), EVENT_RATE_WINDOW_SECONDS: "60" } });

  it("holds a user's read limit across nodes, and leaves other users alone", async () => {
    const u = await nodes.cluster.connectAs(nodes.node1, "member");
    const onNode2 = await nodes.cluster.connect(nodes.node2, u.token);
    for (let i = 0; i < READ_LIMIT; i++) expectOk(await request(i % 2 === 0 ? u.socket : onNode2, "room:list", {}));
    // Each node alone has seen half the limit; only the shared counter refuses this one.
    const refused = await request(onNode2, "room:list", {});
    expect(refused.ok === false && refused.error.code).toBe("rate_limited");
    expect(refused.ok === false && (refused.error.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    const other = await nodes.cluster.connectAs(nodes.node2, "member");
    expectOk(await request(other.socket, "room:list", {}));
  });
});
