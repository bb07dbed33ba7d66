/**
 * The embedded store's appends, on a thread of their own. better-sqlite3 is synchronous: with
 * `synchronous = FULL` each commit waits for the disk, and on the main thread that wait held up
 * every broadcast and ack of the node. Here the wait holds up only the next batch of appends.
 * This thread owns a second connection to the same file (WAL lets the main thread read meanwhile),
 * and writes what arrives together in one transaction (group-commit.ts). Started by append-thread.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { NewMessage } from "../ports";
import { groupCommit } from "./group-commit";
import { appendStatement } from "./messages";

export interface AppendRequest {
  id: number;
  message: NewMessage;
}

const { file, synchronous } = workerData as { file: string; synchronous: "FULL" | "NORMAL" };
const db = new Database(file);
db.pragma(`synchronous = ${synchronous}`);
db.pragma("busy_timeout = 5000");
db.pragma("secure_delete = ON");
const append = groupCommit(db, appendStatement(db));

parentPort!.on("message", (request: AppendRequest | "close") => {
  if (request === "close") {
    // After the batch already queued for this turn is written.
    setImmediate(() => {
      db.close();
      parentPort!.close();
    });
    return;
  }
  append(request.message).then(
    (result) => parentPort!.postMessage({ id: request.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: request.id, error: { name: (e as Error).name, message: (e as Error).message } }),
  );
});
