import { randomUUID } from "node:crypto";
import type { Actor } from "../../server/src/domain/actor";
import type { Clock } from "../../server/src/domain/clock";
import { DomainError } from "../../server/src/domain/errors";
import { createServices, type Services } from "../../server/src/services";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

// The domain services over a real in-memory SQLite store, with a clock the test controls.
let store: Store;
let services: Services;
let now: Date;
const clock: Clock = { now: () => now };

const actor = (role: Actor["role"], name: string = role): Actor => ({ userId: randomUUID(), role, displayName: name });
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

beforeEach(() => {
  now = new Date("2026-03-01T10:00:00Z");
  store = openSqliteStore({ file: ":memory:" });
  services = createServices({ store, clock, passwordCost: 10 });
});
afterEach(() => store.close());

describe("rooms", () => {
  it("stamps a new room with its creator and the clock's time", async () => {
    const mod = actor("moderator");
    const room = await services.rooms.create(mod, { name: "Group", topic: "" });
    expect(room).toMatchObject({ name: "Group", topic: null, createdBy: mod.userId, createdAt: "2026-03-01T10:00:00.000Z" });
  });

  it.each(["member", "peer"] as const)("does not let a %s create a room", async (role) => {
    expect(await codeOf(services.rooms.create(actor(role), { name: "x" }))).toBe("forbidden");
  });

  it("makes a joiner a member and a leaver not", async () => {
    const room = await services.rooms.create(actor("admin"), { name: "Group" });
    const m = actor("member");
    expect(await codeOf(services.access.requireRead(m, room.id))).toBe("forbidden");
    await services.rooms.join(m, room.id);
    expect(await codeOf(services.access.requireRead(m, room.id))).toBe("ok");
    await services.rooms.leave(m, room.id);
    expect(await codeOf(services.access.requireRead(m, room.id))).toBe("forbidden");
  });

  it("answers not_found for an unknown room", async () => {
    expect(await codeOf(services.rooms.join(actor("member"), randomUUID()))).toBe("not_found");
  });
});

describe("messages", () => {
  it("stores the author's display name and the clock's time, and reports a retry as not created", async () => {
    const room = await services.rooms.create(actor("admin"), { name: "Group" });
    const m = actor("member", "Sam");
    await services.rooms.join(m, room.id);
    const clientMsgId = randomUUID();
    const first = await services.messages.send(m, { roomId: room.id, clientMsgId, body: "hi" });
    expect(first).toMatchObject({ created: true, message: { seq: 1, authorName: "Sam", createdAt: "2026-03-01T10:00:00.000Z" } });
    now = new Date("2026-03-01T10:05:00Z");
    const retry = await services.messages.send(m, { roomId: room.id, clientMsgId, body: "hi" });
    expect(retry).toEqual({ created: false, message: first.message });
  });

  it("refuses to send or read for a non-member", async () => {
    const room = await services.rooms.create(actor("admin"), { name: "Group" });
    const m = actor("member");
    expect(await codeOf(services.messages.send(m, { roomId: room.id, clientMsgId: randomUUID(), body: "x" }))).toBe("forbidden");
    expect(await codeOf(services.messages.history(m, { roomId: room.id, limit: 10 }))).toBe("forbidden");
  });
});

describe("accounts", () => {
  it("authenticates with the right password only, and refuses a taken username", async () => {
    await services.accounts.create({ username: "sam", password: "long enough password", role: "member" });
    expect(await services.accounts.authenticate("sam", "long enough password")).toMatchObject({ username: "sam", displayName: "sam" });
    expect(await services.accounts.authenticate("sam", "wrong")).toBeNull();
    expect(await services.accounts.authenticate("nobody", "long enough password")).toBeNull();
    expect(await codeOf(services.accounts.create({ username: "sam", password: "another password", role: "member" }))).toBe("conflict");
  });

  it("lets only admins change roles, and not their own admin role away", async () => {
    const admin = await services.accounts.create({ username: "root", password: "long enough password", role: "admin" });
    const user = await services.accounts.create({ username: "sam", password: "long enough password", role: "member" });
    const adminActor: Actor = { userId: admin.id, role: "admin", displayName: "root" };
    expect(await codeOf(services.accounts.setRole(actor("moderator"), user.id, "peer"))).toBe("forbidden");
    expect((await services.accounts.setRole(adminActor, user.id, "peer")).role).toBe("peer");
    expect(await codeOf(services.accounts.setRole(adminActor, admin.id, "member"))).toBe("conflict");
    expect(await codeOf(services.accounts.setRole(adminActor, randomUUID(), "peer"))).toBe("not_found");
  });
});
