import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LAST_SEQ_SQL } from "../../server/src/storage/sqlite/messages";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";

// Finding a room's last seq must not read the room. On MongoDB it is a point lookup on the unique
// {roomId, seq} index; `npm run bench:two-writers` prints its plan on the server it runs against.
describe("the last-seq lookup on SQLite", () => {
  it("searches the (room_id, seq) index instead of scanning messages", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-plan-"));
    try {
      const file = path.join(dir, "haven.db");
      await openSqliteStore({ file }).close();
      const db = new Database(file, { readonly: true });
      const plan = db.prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${LAST_SEQ_SQL}`).all("room").map((r) => r.detail);
      db.close();
      expect(plan.join("\n")).toMatch(/SEARCH messages USING (COVERING )?INDEX messages_room_seq/);
      expect(plan.join("\n")).not.toMatch(/SCAN messages/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
