/**
 * The access-facts cache in front of a real SQLite store: it answers repeated reads from memory,
 * forgets at once what is written through it, tells the other nodes, re-checks sanctions against
 * the clock, and never hands out a value a caller could change for the next one.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheAccessReads, type AccessArea } from "../../server/src/storage/access-cache";
import type { RoomRecord, SanctionRecord, Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

let dir: string;
let inner: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-cache-"));
  inner = openSqliteStore({ file: path.join(dir, "haven.sqlite") });
});
afterEach(async () => {
  await inner.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = new Date("2026-03-01T12:00:00.000Z");
const room = (): RoomRecord => ({ id: randomUUID(), name: `Room ${randomUUID()}`, topic: null, createdBy: "u0", createdAt: at, sessionId: null, locked: false, slowModeSeconds: 0, pinned: null });
const mute = (userId: string, roomId: string, expiresAt: Date | null): SanctionRecord => ({
  id: randomUUID(),
  kind: "mute",
  userId,
  roomId,
  reason: null,
  createdBy: "mod",
  createdAt: at,
  expiresAt,
  liftedAt: null,
});

it("answers a repeated read from memory until a write through it, which it forgets at once and announces", async () => {
  let clock = 0;
  const cache = cacheAccessReads(inner, { ttlMs: 60_000, now: () => clock });
  const heard: AccessArea[][] = [];
  cache.onChange((areas) => void heard.push(areas));
  const r = await cache.store.rooms.create(room());
  expect(heard).toEqual([["rooms"]]);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(false);
  // Written around the cache (another process): the remembered answer stands...
  await inner.rooms.addMember(r.id, "u1", at);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(false);
  // ...until the time limit, or a clear (the access sweep).
  clock = 60_000;
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(true);
  await inner.rooms.removeMember(r.id, "u1");
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(true);
  cache.clear();
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(false);
  // Through the cache, a change is seen by the very next read.
  await cache.store.rooms.addMember(r.id, "u1", at);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(true);
  await cache.store.rooms.updateSettings(r.id, { locked: true });
  expect((await cache.store.rooms.findById(r.id))?.locked).toBe(true);
  expect(heard).toEqual([["rooms"], ["rooms"], ["rooms"]]);
});

it("forgets an area when another node says it changed, and only that area", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000 });
  const r = await inner.rooms.create(room());
  expect(await cache.store.sanctions.active("ban", "u1", r.id, at)).toEqual([]);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(false);
  await inner.sanctions.create({ ...mute("u1", r.id, null), kind: "ban" });
  await inner.rooms.addMember(r.id, "u1", at);
  cache.forget(["sanctions"]);
  expect(await cache.store.sanctions.active("ban", "u1", r.id, at)).toHaveLength(1);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(false);
});

it("ends a remembered mute on time, with no write", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000, now: () => 0 });
  const r = await inner.rooms.create(room());
  await cache.store.sanctions.create(mute("u1", r.id, new Date(at.getTime() + 60_000)));
  expect(await cache.store.sanctions.active("mute", "u1", r.id, at)).toHaveLength(1);
  expect(await cache.store.sanctions.active("mute", "u1", r.id, new Date(at.getTime() + 61_000))).toEqual([]);
});

it("hands out copies, so a caller's change never reaches the next reader", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000 });
  const r = await inner.rooms.create(room());
  const first = (await cache.store.rooms.findById(r.id))!;
  first.locked = true;
  first.createdAt.setFullYear(2000);
  const second = (await cache.store.rooms.findById(r.id))!;
  expect(second.locked).toBe(false);
  expect(second.createdAt).toEqual(at);
});

it("passes reads it does not keep straight through, announcing nothing", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000 });
  const heard: AccessArea[][] = [];
  cache.onChange((areas) => void heard.push(areas));
  await cache.store.personal.sanctionsOn("u1");
  await cache.store.rooms.list();
  expect(heard).toEqual([]);
  expect(cache.store.kind).toBe("sqlite");
  await cache.store.ping();
});

it("does not keep a read that overlapped a write", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000 });
  const r = await inner.rooms.create(room());
  // The read has asked the database; before its answer is kept, a change is announced.
  const reading = cache.store.rooms.isMember(r.id, "u1");
  cache.forget(["rooms"]);
  expect(await reading).toBe(false);
  await inner.rooms.addMember(r.id, "u1", at);
  expect(await cache.store.rooms.isMember(r.id, "u1")).toBe(true);
});

it("keeps a room's member list for telling them of new messages, until someone joins or leaves through it", async () => {
  const cache = cacheAccessReads(inner, { ttlMs: 60_000 });
  const r = await inner.rooms.create(room());
  await inner.rooms.addMember(r.id, "u1", at);
  expect(await cache.store.roomReads.memberIds(r.id)).toEqual(["u1"]);
  await inner.rooms.addMember(r.id, "u2", at);
  expect(await cache.store.roomReads.memberIds(r.id)).toEqual(["u1"]);
  await cache.store.rooms.removeMember(r.id, "u1");
  expect(await cache.store.roomReads.memberIds(r.id)).toEqual(["u2"]);
});
