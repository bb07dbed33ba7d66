/**
 * Finding a room's last seq by asking "is seq n stored?" a few at a time, in parallel.
 *
 * Why not one sorted or ranged read: a room's seqs run 1..last with no gap, so existence is a
 * yes-then-no line and a handful of point lookups finds its end. A point lookup on {roomId, seq}
 * is an index seek on MongoDB and an equality filter every MongoDB-compatible server pushes down
 * (FerretDB v1 pushes down neither the sort nor `$gt`, so those reads ship the whole room).
 *
 * Writers keep adding while the probes run, so answers need not agree with each other. Only a
 * "yes" is trusted: a writer takes n + 1 only after seeing n stored, so every seq at or below a
 * stored one is stored too, and the highest "yes" is always a safe place to continue from.
 */

/** Probes per round: enough to narrow a span 8-fold each round, few enough to be cheap. */
const WIDTH = 8;
/** Rounds before settling for the best answer so far: a later clash simply goes on from there. */
const MAX_ROUNDS = 12;
/** Doubling stops growing here: 2^48 seqs is beyond any room. */
const MAX_EXPONENT = 48 - WIDTH;

/**
 * The highest stored seq found from `from` (0, or a seq known to be stored): exact when nothing
 * was written meanwhile, otherwise a stored seq at least as high as `from`.
 */
export async function probeLastSeq(has: (seq: number) => Promise<boolean>, from: number): Promise<number> {
  let best = from;
  // The lowest seq seen missing above `best`; unknown until a probe says no.
  let missing = Infinity;
  // While no end is known, probes step by powers of two, starting at 2^exponent.
  let exponent = 0;
  for (let round = 0; round < MAX_ROUNDS && missing !== best + 1; round++) {
    const doubling = missing === Infinity;
    const seqs = probesAbove(best, missing, exponent);
    const answers = await Promise.all(seqs.map(has));
    let nextMissing = Infinity;
    seqs.forEach((seq, i) => {
      if (answers[i]) best = Math.max(best, seq);
      else nextMissing = Math.min(nextMissing, seq);
    });
    // A "no" below a "yes" was written meanwhile: the "yes" stands, the end is somewhere above it.
    missing = nextMissing > best ? Math.min(nextMissing, missing) : missing > best ? missing : Infinity;
    // All "yes" while doubling: look further. An end lost to a race: double again from the new best.
    if (missing === Infinity) exponent = doubling ? Math.min(exponent + WIDTH, MAX_EXPONENT) : 0;
  }
  return best;
}

/** Seqs to ask about above `best`: spread over the gap below `missing`, or doubling when no end is known. */
function probesAbove(best: number, missing: number, exponent: number): number[] {
  if (missing === Infinity) return Array.from({ length: WIDTH }, (_, i) => best + 2 ** (exponent + i));
  const span = missing - best - 1;
  if (span <= WIDTH) return Array.from({ length: span }, (_, i) => best + 1 + i);
  const step = span / (WIDTH + 1);
  return Array.from({ length: WIDTH }, (_, i) => best + Math.max(1, Math.round(step * (i + 1))));
}
