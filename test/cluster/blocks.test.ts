/**
 * A block set through one node applies on the others: the node that broadcasts the blocked
 * person's messages leaves out the blocker's sockets on every node (except() over the adapter),
 * and a node that had looked up "who blocked this author" before the block reads it again within
 * a second (BLOCKERS_TTL_MS).
 */
import { randomUUID } from "node:crypto";
import { twoNodesOverRedis } from "../support/cluster";
import { collect, expectOk, request, waitForEvent, type ClientSocket, uniqueName } from "../support/server";
import { describeWithService } from "../support/services";

jest.setTimeout(60_000);

describeWithService("redis", "blocks across nodes", () => {
  const nodes = twoNodesOverRedis();

  const sendAndWitness = async (from: ClientSocket, witnesses: ClientSocket[], roomId: string): Promise<string> => {
    const body = `probe ${randomUUID()}`;
    const arrived = witnesses.map((w) => waitForEvent(w, "message:created", (m) => m.body === body, 5000));
    expectOk(await request(from, "message:send", { roomId, clientMsgId: randomUUID(), body }));
    await Promise.all(arrived);
    return body;
  };

  it("a block made on node 2 stops the blocked person's messages sent through node 1 reaching the blocker's tabs on both nodes", async () => {
    const { cluster, node1, node2 } = nodes;
    const mod = await cluster.connectAs(node1, "moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: uniqueName("Across ") }));
    const blocked = await cluster.connectAs(node1, "member");
    const blocker = await cluster.connectAs(node2, "member");
    const blockerOnNode1 = await cluster.connect(node1, blocker.token);
    const witness1 = await cluster.connectAs(node1, "member");
    const witness2 = await cluster.connectAs(node2, "member");
    for (const s of [blocked.socket, blocker.socket, blockerOnNode1, witness1.socket, witness2.socket]) expectOk(await request(s, "room:join", { roomId: room.id }));

    // Node 1 looks up who blocked the author now (nobody), and may keep that for up to a second.
    await sendAndWitness(blocked.socket, [blocker.socket, blockerOnNode1, witness2.socket], room.id);
    expectOk(await request(blocker.socket, "block:set", { userId: blocked.user.id, blocked: true }));
    await new Promise((r) => setTimeout(r, 1100));

    const seen = [collect(blocker.socket, "message:created"), collect(blockerOnNode1, "message:created")];
    const body = await sendAndWitness(blocked.socket, [witness1.socket, witness2.socket], room.id);
    // The witnesses on both nodes have it; give the blocker's sockets the same chance.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.map((s) => s.some((m) => m.body === body))).toEqual([false, false]);
    const page = expectOk(await request(blockerOnNode1, "message:history", { roomId: room.id })).messages;
    expect(page.at(-1)).toMatchObject({ hidden: true, body: "" });
  });
});
