import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import type { Store } from "../../server/src/storage/ports";

// Appends commit on their own thread, so a commit that waits (for the disk, or for another writer's
// lock) holds up only appends: the node's own thread keeps running, and can even be the one that
// ends the wait. On the node's thread the append below would block it until the lock timed out.
describe("appends on the embedded store's own thread", () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "haven-append-"));
    store = openSqliteStore({ file: path.join(dir, "haven.db") });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (roomId: string) => ({ id: randomUUID(), roomId, authorId: "u1", authorName: "Sam", body: "hello", clientMsgId: randomUUID(), createdAt: new Date() });

  it("waits for a writer holding the lock while this thread goes on, and stores once it lets go", async () => {
    const other = new Database(path.join(dir, "haven.db"));
    other.prepare("BEGIN IMMEDIATE").run();
    const appended = store.messages.append(message("room"));
    let settled = false;
    void appended.finally(() => (settled = true));
    // This thread is free: timers run, and the store still reads.
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    expect(await store.messages.lastSeq("room")).toBe(0);
    other.prepare("COMMIT").run();
    other.close();
    const { message: stored, created } = await appended;
    expect(created).toBe(true);
    expect(stored.seq).toBe(1);
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(await store.messages.lastSeq("room")).toBe(1);
  });

  it("answers appends made just before close, and refuses none of them", async () => {
    const results = Promise.all(Array.from({ length: 20 }, () => store.messages.append(message("r2"))));
    const closing = store.close();
    expect((await results).map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await closing;
    store = openSqliteStore({ file: path.join(dir, "haven.db") });
    expect(await store.messages.lastSeq("r2")).toBe(20);
  });
});
