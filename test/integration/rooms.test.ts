import { randomUUID } from "node:crypto";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type TestServer, uniqueName } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

// Standing room names are unique: each default name gets its own suffix.
async function newRoom(name = `Evening circle ${randomUUID().slice(0, 8)}`) {
  const { socket } = await server.connectAs("moderator");
  return expectOk(await request(socket, "room:create", { name, topic: "Check-in" }));
}

describe("room:create", () => {
  it("refuses a name already taken, ignoring case and spacing, with conflict, and creates nothing", async () => {
    const { socket } = await server.connectAs("moderator");
    const name = `Welcome circle ${randomUUID().slice(0, 8)}`;
    expectOk(await request(socket, "room:create", { name }));
    const before = (await server.store.rooms.list()).length;
    for (const again of [name, `  ${name.toUpperCase()} `, name.replace(" ", "   ")]) {
      const ack = await request(socket, "room:create", { name: again });
      expect(ack.ok === false && ack.error.code).toBe("conflict");
      expect(ack.ok === false && ack.error.message).toContain("already a room called");
    }
    expect((await server.store.rooms.list()).length).toBe(before);
  });

  it("says what is wrong with a blank name", async () => {
    const { socket } = await server.connectAs("moderator");
    const ack = await request(socket, "room:create", { name: "   " });
    expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    expect(ack.ok === false && ack.error.message).toMatch(/^Invalid room:create payload: name /);
  });

  it("lets a moderator create a room and stores it", async () => {
    const { socket, user } = await server.connectAs("moderator");
    const room = expectOk(await request(socket, "room:create", { name: "  Morning group   ", topic: "Sleep" }));
    expect(room).toMatchObject({ name: "Morning group", topic: "Sleep", createdBy: user.id });
    expect(await server.store.rooms.findById(room.id)).toMatchObject({ name: "Morning group" });
  });

  it("lets an admin create a room", async () => {
    const { socket } = await server.connectAs("admin");
    expect((await request(socket, "room:create", { name: uniqueName("Admins' room ") })).ok).toBe(true);
  });

  it.each(["member", "peer"] as const)("refuses a %s with forbidden and creates nothing", async (role) => {
    const { socket } = await server.connectAs(role);
    const before = (await server.store.rooms.list()).length;
    const ack = await request(socket, "room:create", { name: uniqueName("Not mine ") });
    expect(ack).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
    expect((await server.store.rooms.list()).length).toBe(before);
  });

  it.each([
    ["an empty name", { name: "   " }],
    ["a missing name", {}],
    ["an unknown field", { name: "x", extra: 1 }],
    ["a non-object payload", "room"],
  ])("rejects %s with invalid_input and details", async (_label, payload) => {
    const { socket } = await server.connectAs("moderator");
    const ack = await request(socket, "room:create", payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) {
      expect(ack.error.code).toBe("invalid_input");
      expect(Array.isArray(ack.error.details)).toBe(true);
    }
  });
});

describe("room:list", () => {
  it("lists rooms for any signed-in user", async () => {
    const room = await newRoom("Listed room");
    const { socket } = await server.connectAs("member");
    const { rooms } = expectOk(await request(socket, "room:list", {}));
    expect(rooms.map((r) => r.id)).toContain(room.id);
  });
});

describe("room:join and presence", () => {
  it("returns the room, who is present and the last seq, and tells the others", async () => {
    const room = await newRoom();
    const a = await server.connectAs("member", "ann");
    const b = await server.connectAs("member", "ben");
    expectOk(await request(a.socket, "room:join", { roomId: room.id }));
    const joinedSeen = nextEvent(a.socket, "presence:joined");
    const joined = expectOk(await request(b.socket, "room:join", { roomId: room.id }));
    expect(joined.room.id).toBe(room.id);
    expect(joined.lastSeq).toBe(0);
    expect(joined.present.map((u) => u.id).sort()).toEqual([a.user.id, b.user.id].sort());
    // Other participants see display names, never usernames.
    expect(JSON.stringify(joined.present)).not.toContain(a.user.username + '"');
    expect(await joinedSeen).toEqual({ roomId: room.id, user: { id: b.user.id, displayName: b.user.displayName, role: "member" } });
  });

  it("answers not_found for a room that does not exist", async () => {
    const { socket } = await server.connectAs("member");
    const ack = await request(socket, "room:join", { roomId: "7d9f3f0e-8a53-4a53-9a1e-2f8f8d5b9c11" });
    expect(ack.ok === false && ack.error.code).toBe("not_found");
  });

  it.each([{ roomId: { $gt: "" } }, { roomId: { $ne: null } }, { roomId: "1 OR 1=1" }, JSON.parse('{"__proto__": {"roomId": "x"}}')])(
    "rejects a hostile roomId %j with invalid_input",
    async (payload) => {
      const { socket } = await server.connectAs("member");
      const ack = await request(socket, "room:join", payload);
      expect(ack.ok === false && ack.error.code).toBe("invalid_input");
    },
  );

  it("announces presence:left when the user's last socket disconnects, not before", async () => {
    const room = await newRoom();
    const watcher = await server.connectAs("member");
    expectOk(await request(watcher.socket, "room:join", { roomId: room.id }));
    const leaver = await server.connectAs("member");
    const secondTab = await server.connect(leaver.token);
    expectOk(await request(leaver.socket, "room:join", { roomId: room.id }));
    expectOk(await request(secondTab, "room:join", { roomId: room.id }));

    const left = collect(watcher.socket, "presence:left");
    leaver.socket.disconnect();
    await settle();
    expect(left).toEqual([]);
    secondTab.disconnect();
    await expect(nextEvent(watcher.socket, "presence:left")).resolves.toEqual({ roomId: room.id, userId: leaver.user.id });
  });
});

describe("room:leave", () => {
  it("removes the member from every tab, tells the others, and stops delivery", async () => {
    const room = await newRoom();
    const stayer = await server.connectAs("member");
    const leaver = await server.connectAs("member");
    const otherTab = await server.connect(leaver.token);
    for (const s of [stayer.socket, leaver.socket, otherTab]) expectOk(await request(s, "room:join", { roomId: room.id }));

    const leftSeen = nextEvent(stayer.socket, "presence:left");
    expect(expectOk(await request(leaver.socket, "room:leave", { roomId: room.id }))).toEqual({ roomId: room.id });
    expect(await leftSeen).toEqual({ roomId: room.id, userId: leaver.user.id });
    expect(await server.store.rooms.isMember(room.id, leaver.user.id)).toBe(false);

    const received = collect(otherTab, "message:created");
    const marker = nextEvent(stayer.socket, "message:created");
    expectOk(await request(stayer.socket, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: "still here" }));
    await marker;
    await settle();
    expect(received).toEqual([]);

    const send = await request(leaver.socket, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: "hello?" });
    expect(send.ok === false && send.error.code).toBe("forbidden");
  });
});
