import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { groupCommit } from "../../server/src/storage/sqlite/group-commit";
import { StoreConflictError } from "../../server/src/storage/ports";

function openPair() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "haven-gc-")), "t.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  // A second connection sees only committed rows: what it counts tells which writes shared a commit.
  const other = new Database(file, { readonly: true });
  const committed = () => (other.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
  return { db, other, committed };
}

describe("SQLite group commit", () => {
  it("writes what arrives in one turn in one transaction, in the order asked, and settles each after the commit", async () => {
    const { db, other, committed } = openPair();
    const seenCommitted: number[] = [];
    const insert = db.prepare("INSERT INTO t (k) VALUES (?)");
    const append = groupCommit(db, (k: string) => {
      seenCommitted.push(committed());
      insert.run(k);
      return k;
    });
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const results = await Promise.all(keys.map((k) => append(k)));
    expect(results).toEqual(keys);
    // One transaction per write would let the reader see 0, 1, 2, ...
    expect(seenCommitted).toEqual(keys.map(() => 0));
    expect(committed()).toBe(20);
    other.close();
    db.close();
  });

  it("caps a batch and commits the rest in the next", async () => {
    const { db, other, committed } = openPair();
    const seenCommitted: number[] = [];
    const insert = db.prepare("INSERT INTO t (k) VALUES (?)");
    const append = groupCommit(db, (k: string) => (seenCommitted.push(committed()), insert.run(k), k), { maxBatch: 5 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => append(`k${i}`)));
    expect(seenCommitted).toEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10]);
    other.close();
    db.close();
  });

  it("fails only the write that failed, with the store's conflict error, and keeps its neighbours", async () => {
    const { db, other, committed } = openPair();
    const insert = db.prepare("INSERT INTO t (k) VALUES (?)");
    const append = groupCommit(db, (k: string) => (insert.run(k), k));
    const outcomes = await Promise.allSettled(["a", "b", "a", "c"].map((k) => append(k)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflictError);
    expect(committed()).toBe(3);
    other.close();
    db.close();
  });
});
