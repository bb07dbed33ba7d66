import { serialByKey } from "../../server/src/lib/serial-by-key";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("serialByKey", () => {
  it("runs tasks of one key one at a time, in arrival order", async () => {
    const run = serialByKey();
    const log: string[] = [];
    const gate = deferred();
    const a = run("room", async () => {
      log.push("a start");
      await gate.promise;
      log.push("a end");
    });
    const b = run("room", async () => {
      log.push("b");
    });
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["a start"]);
    gate.resolve();
    await Promise.all([a, b]);
    expect(log).toEqual(["a start", "a end", "b"]);
  });

  it("runs tasks of different keys concurrently", async () => {
    const run = serialByKey();
    const gate = deferred();
    let otherRan = false;
    const blocked = run("a", () => gate.promise);
    await run("b", async () => {
      otherRan = true;
    });
    expect(otherRan).toBe(true);
    gate.resolve();
    await blocked;
  });

  it("keeps going after a task fails, and passes the failure to its caller only", async () => {
    const run = serialByKey();
    const failed = run("room", () => Promise.reject(new Error("boom")));
    const next = run("room", async () => "ok");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });
});
