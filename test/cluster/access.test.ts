/**
 * Changes of access made on one node take effect on sockets held by another: a ban, a role change
 * and an invitation withdrawn all stop what the person can read and receive there, at once.
 */
import { randomUUID } from "node:crypto";
import type { SessionDetail } from "../../shared/dto";
import { api } from "../support/api";
import { twoNodesOverRedis } from "../support/cluster";
import { collect, expectOk, request, waitForEvent, type ClientSocket, uniqueName } from "../support/server";
import { describeWithService } from "../support/services";

jest.setTimeout(60_000);

describeWithService("redis", "access changes across nodes", () => {
  const nodes = twoNodesOverRedis();

  /** Sends from `from` and reports whether `to` got it, once `witness` (on the other node) has. */
  async function reaches(from: ClientSocket, witness: ClientSocket, to: ClientSocket, roomId: string): Promise<boolean> {
    const seen = collect(to, "message:created");
    const body = `probe ${randomUUID()}`;
    const arrived = waitForEvent(witness, "message:created", (m) => m.body === body, 5000);
    expectOk(await request(from, "message:send", { roomId, clientMsgId: randomUUID(), body }));
    await arrived;
    await request(to, "room:list", {});
    await new Promise((r) => setTimeout(r, 200));
    return seen.some((m) => m.body === body);
  }

  it("a ban from every session, made on node 1, stops a member's socket on node 2 in every room", async () => {
    const mod = await nodes.cluster.connectAs(nodes.node1, "moderator");
    const target = await nodes.cluster.connectAs(nodes.node2, "member");
    const witness = await nodes.cluster.connectAs(nodes.node2, "member");
    const rooms = [expectOk(await request(mod.socket, "room:create", { name: "A" })), expectOk(await request(mod.socket, "room:create", { name: "B" }))];
    for (const r of rooms) {
      expectOk(await request(target.socket, "room:join", { roomId: r.id }));
      expectOk(await request(witness.socket, "room:join", { roomId: r.id }));
      expectOk(await request(mod.socket, "room:join", { roomId: r.id }));
    }
    // Left room B's screen (still a member): the ban must reach what is stored, not only open channels.
    expectOk(await request(mod.socket, "moderation:ban", { roomId: rooms[0]!.id, userId: target.user.id, scope: "all", reason: "test" }));
    for (const r of rooms) {
      expect(await reaches(mod.socket, witness.socket, target.socket, r.id)).toBe(false);
      expect(await request(target.socket, "message:send", { roomId: r.id, clientMsgId: randomUUID(), body: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await request(target.socket, "message:history", { roomId: r.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
  });

  it("a role changed on node 1 closes the user's sockets on node 2, and watching left no membership behind", async () => {
    const admin = await nodes.cluster.connectAs(nodes.node1, "admin");
    const mod = await nodes.cluster.connectAs(nodes.node2, "moderator");
    const room = expectOk(await request(admin.socket, "room:create", { name: uniqueName("Watched ") }));
    expectOk(await request(mod.socket, "room:join", { roomId: room.id, watch: true }));
    const closed = new Promise((resolve) => mod.socket.once("disconnect", resolve));
    const res = await fetch(`${nodes.node1.url}/api/admin/users/${mod.user.id}/role`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "member" }),
    });
    expect(res.status).toBe(200);
    await closed;
    const again = await nodes.cluster.connect(nodes.node2, mod.token);
    expect(await request(again, "message:history", { roomId: room.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("an invitation withdrawn on node 1 takes the invitee's socket on node 2 out of the session's room", async () => {
    const mod = await nodes.cluster.connectAs(nodes.node1, "moderator");
    const facilitator = await nodes.cluster.connectAs(nodes.node1, "peer");
    const invitee = await nodes.cluster.connectAs(nodes.node2, "member");
    const res = await api<{ sessions: SessionDetail[] }>(nodes.node1.url, mod.token, "POST", "/api/sessions", {
      title: "Closed circle",
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      capacity: 5,
      facilitatorIds: [facilitator.user.id],
      audience: "invite",
      inviteeIds: [invitee.user.id],
    });
    const session = res.body.sessions[0]!;
    expect((await api(nodes.node2.url, invitee.token, "PUT", `/api/sessions/${session.id}/registration`)).status).toBe(200);
    expectOk(await request(facilitator.socket, "room:join", { roomId: session.roomId }));
    expectOk(await request(invitee.socket, "room:join", { roomId: session.roomId }));
    const left = waitForEvent(facilitator.socket, "presence:left", (e) => e.userId === invitee.user.id, 5000);
    expect((await api(nodes.node1.url, mod.token, "PATCH", `/api/sessions/${session.id}`, { inviteeIds: [] })).status).toBe(200);
    await left;
    const other = await nodes.cluster.connectAs(nodes.node1, "moderator");
    expectOk(await request(other.socket, "room:join", { roomId: session.roomId }));
    expect(await reaches(facilitator.socket, other.socket, invitee.socket, session.roomId)).toBe(false);
    expect(await request(invitee.socket, "message:history", { roomId: session.roomId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});
