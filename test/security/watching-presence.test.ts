import type { Room } from "../../shared/dto";
import { collect, expectOk, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";

// A moderator watching a flagged room must not be revealed by the way they leave: watching is
// invisible both ways, on arrival and on departure.
let server: TestServer;
let owner: ClientSocket;
let room: Room;
let member: ClientSocket;

beforeAll(async () => {
  server = await startTestServer();
  owner = (await server.connectAs("moderator")).socket;
  const made = await roomWithMembers(server, owner, 1);
  room = made.room;
  member = made.members[0]!.socket;
});
afterAll(() => server.close());

const presenceOf = (socket: ClientSocket) => ({ joined: collect(socket, "presence:joined"), left: collect(socket, "presence:left") });

describe("a watching moderator", () => {
  it("is announced neither on arrival nor on room:leave", async () => {
    const seen = presenceOf(member);
    const watcher = await server.connectAs("moderator");
    expectOk(await request(watcher.socket, "room:join", { roomId: room.id, watch: true }));
    expectOk(await request(watcher.socket, "room:leave", { roomId: room.id }));
    await settle();
    expect(seen.joined.map((e) => e.user.id)).not.toContain(watcher.user.id);
    expect(seen.left.map((e) => e.userId)).not.toContain(watcher.user.id);
  });

  it("is announced neither on arrival nor on disconnecting", async () => {
    const seen = presenceOf(member);
    const watcher = await server.connectAs("moderator");
    expectOk(await request(watcher.socket, "room:join", { roomId: room.id, watch: true }));
    watcher.socket.disconnect();
    await settle(300);
    expect([...seen.joined.map((e) => e.user.id), ...seen.left.map((e) => e.userId)]).not.toContain(watcher.user.id);
  });

  it("is announced as gone when a visible tab switches to watching, having been announced on arrival", async () => {
    const seen = presenceOf(member);
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const switched = expectOk(await request(mod.socket, "room:join", { roomId: room.id, watch: true }));
    expect(switched.present.map((u) => u.id)).not.toContain(mod.user.id);
    await settle();
    expect(seen.joined.filter((e) => e.user.id === mod.user.id)).toHaveLength(1);
    expect(seen.left.filter((e) => e.userId === mod.user.id)).toHaveLength(1);
  });

  it("still announces a visible member leaving", async () => {
    const seen = presenceOf(member);
    const leaver = await server.connectAs("member");
    expectOk(await request(leaver.socket, "room:join", { roomId: room.id }));
    expectOk(await request(leaver.socket, "room:leave", { roomId: room.id }));
    await settle();
    expect(seen.left.map((e) => e.userId)).toContain(leaver.user.id);
  });
});
