/**
 * Appends sent to the append thread (append-worker.ts) and answered from it. Errors cross the
 * thread as a name and a message, and become the port's errors again here.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { StoreConflictError, StoreUnavailableError, type AppendResult, type MessageRecord, type NewMessage } from "../ports";

export interface AppendThread {
  append(message: NewMessage): Promise<AppendResult>;
  close(): Promise<void>;
}

type Reply = { id: number; result: AppendResult } | { id: number; error: { name: string; message: string } };

const rebuild = (e: { name: string; message: string }): Error =>
  e.name === "StoreConflictError" ? new StoreConflictError(e.message) : e.name === "StoreUnavailableError" ? new StoreUnavailableError(e.message) : new Error(e.message);

const reviveDates = (m: MessageRecord): MessageRecord => ({
  ...m,
  createdAt: new Date(m.createdAt.getTime()),
  deletedAt: m.deletedAt ? new Date(m.deletedAt.getTime()) : null,
  ...(m.editedAt ? { editedAt: new Date(m.editedAt.getTime()) } : {}),
});

export function startAppendThread(file: string, synchronous: "FULL" | "NORMAL"): AppendThread {
  // Under tsx or ts-jest this module is TypeScript, and so is the worker: a thread does not inherit
  // the parent's loader, so it registers tsx's before loading it. Built, both are plain JavaScript.
  const typescript = __filename.endsWith(".ts");
  const entry = path.join(__dirname, `append-worker.${typescript ? "ts" : "js"}`);
  const worker = typescript
    ? new Worker(`require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`, { eval: true, workerData: { file, synchronous } })
    : new Worker(entry, { workerData: { file, synchronous } });
  const pending = new Map<number, { resolve: (r: AppendResult) => void; reject: (e: Error) => void }>();
  let next = 1;
  let failure: Error | null = null;
  const failAll = (e: Error) => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    // Dates are made again here: a structured clone builds them in the thread's own realm, which a
    // sandboxed caller's instanceof does not recognise.
    if ("result" in reply) p.resolve({ ...reply.result, message: reviveDates(reply.result.message) });
    else p.reject(rebuild(reply.error));
  });
  worker.on("error", (e) => failAll(new StoreUnavailableError(`append thread failed: ${e.message}`)));
  worker.on("exit", () => failAll(new StoreUnavailableError("append thread stopped")));
  // An idle store must not keep the process alive; one with appends in flight must.
  worker.unref();

  return {
    append: (message) =>
      new Promise<AppendResult>((resolve, reject) => {
        if (failure) return reject(failure);
        const id = next++;
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, message });
      }),
    async close() {
      if (failure) return;
      const exited = new Promise((r) => worker.once("exit", r));
      worker.ref();
      worker.postMessage("close");
      await exited;
    },
  };
}
