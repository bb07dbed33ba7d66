import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LATEST_VERSION, migrate, schemaVersion } from "../../server/src/storage/sqlite/migrations";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

describe("SQLite migrations", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "haven-migrations-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("brings a new file to the latest version, and a second run does nothing", () => {
    const db = new Database(path.join(dir, "a.sqlite"));
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toBe(0);
    db.close();
  });

  it("keeps data across reopening the store", async () => {
    const file = path.join(dir, "b.sqlite");
    const first = openSqliteStore({ file });
    await first.rooms.create({ id: "r1", name: "Kept", topic: null, createdBy: "m", createdAt: new Date() });
    await first.close();
    const second = openSqliteStore({ file });
    expect((await second.rooms.findById("r1"))?.name).toBe("Kept");
    await second.close();
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
