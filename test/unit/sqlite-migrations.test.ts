import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from "../../server/src/storage/sqlite/migrations";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

describe("SQLite migrations", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "haven-migrations-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("brings a new file to the latest version, and a second run does nothing", () => {
    const db = new Database(path.join(dir, "a.sqlite"));
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toBe(0);
    db.close();
  });

  it("keeps data across reopening the store", async () => {
    const file = path.join(dir, "b.sqlite");
    const first = openSqliteStore({ file });
    await first.rooms.create({
      id: "r1",
      name: "Kept",
      topic: null,
      createdBy: "m",
      createdAt: new Date(),
      sessionId: null,
      locked: false,
      slowModeSeconds: 0,
      pinned: null,
    });
    await first.close();
    const second = openSqliteStore({ file });
    expect((await second.rooms.findById("r1"))?.name).toBe("Kept");
    await second.close();
  });

  it("upgrades a version 1 file in place, keeping its rooms and messages with the new fields' defaults", async () => {
    const file = path.join(dir, "v1.sqlite");
    const v1 = new Database(file);
    v1.transaction(() => {
      MIGRATIONS[0]!.up(v1);
      v1.pragma("user_version = 1");
    })();
    v1.prepare("INSERT INTO rooms (id, name, topic, created_by, created_at) VALUES ('r1', 'Old room', NULL, 'm', 1)").run();
    v1.prepare(
      "INSERT INTO messages (id, room_id, seq, author_id, author_name, body, client_msg_id, created_at) VALUES ('m1', 'r1', 1, 'a', 'A', 'kept', 'c1', 2)",
    ).run();
    v1.close();

    const store = openSqliteStore({ file });
    expect(await store.rooms.findById("r1")).toMatchObject({ name: "Old room", sessionId: null, locked: false, slowModeSeconds: 0, pinned: null });
    expect(await store.messages.history("r1", { after: 0, limit: 10 })).toMatchObject([{ body: "kept", deletedAt: null }]);
    await store.close();
  });

  it("opens a file database in WAL mode", async () => {
    const file = path.join(dir, "c.sqlite");
    const store = openSqliteStore({ file });
    await store.close();
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });
});
