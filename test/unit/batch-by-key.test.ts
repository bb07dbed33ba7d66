import { batchByKey, type Queued } from "../../server/src/lib/batch-by-key";

describe("batchByKey", () => {
  it("sends what arrives while a key's batch is in flight as that key's next batch, in order", async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((r) => (release = r));
    const run = batchByKey<string, string>(async (key, batch: Queued<string, string>[]) => {
      batches.push(batch.map((q) => `${key}:${q.item}`));
      if (batches.length === 1) await firstWrite;
      for (const q of batch) q.resolve(q.item.toUpperCase());
    });
    const first = run("a", "1");
    await new Promise((r) => setImmediate(r));
    // The first batch is being written: these wait for it and then go together.
    const rest = ["2", "3", "4"].map((x) => run("a", x));
    const other = run("b", "x");
    await other;
    release();
    expect(await Promise.all([first, ...rest])).toEqual(["1", "2", "3", "4"]);
    expect(batches).toEqual([["a:1"], ["b:x"], ["a:2", "a:3", "a:4"]]);
  });

  it("caps a batch and fails only the batch whose write threw", async () => {
    const sizes: number[] = [];
    const run = batchByKey<number, number>(
      async (_key, batch) => {
        sizes.push(batch.length);
        if (batch.some((q) => q.item === 3)) throw new Error("disk full");
        for (const q of batch) q.resolve(q.item);
      },
      2,
    );
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => run("k", n)));
    expect(sizes).toEqual([2, 2, 1]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled"]);
  });
});
