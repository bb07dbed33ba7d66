import { probeLastSeq } from "../../server/src/storage/mongo/seq-probe";

/** A room whose seqs 1..last are stored; counts the lookups made. */
function room(last: number) {
  const state = { last, lookups: 0 };
  const has = async (seq: number) => {
    state.lookups++;
    return seq >= 1 && seq <= state.last;
  };
  return { state, has };
}

describe("finding a room's last seq by point lookups", () => {
  it.each([0, 1, 7, 8, 9, 100, 3000, 123_456])("finds %i exactly from an empty start", async (last) => {
    const { has } = room(last);
    expect(await probeLastSeq(has, 0)).toBe(last);
  });

  it("finds the end from a stored seq with a few lookups when little was added", async () => {
    const { state, has } = room(3010);
    expect(await probeLastSeq(has, 3000)).toBe(3010);
    expect(state.lookups).toBeLessThanOrEqual(24);
  });

  it("needs far fewer lookups than the room has messages", async () => {
    const { state, has } = room(1_000_000);
    expect(await probeLastSeq(has, 0)).toBe(1_000_000);
    expect(state.lookups).toBeLessThan(150);
  });

  it("answers a stored seq, never one beyond the end, while writers keep adding", async () => {
    const { state, has } = room(50);
    const growing = async (seq: number) => {
      state.last += 3;
      return has(seq);
    };
    const found = await probeLastSeq(growing, 40);
    expect(found).toBeGreaterThanOrEqual(50);
    expect(found).toBeLessThanOrEqual(state.last);
  });

  it("keeps `from` when nothing above it is stored", async () => {
    const { has } = room(12);
    expect(await probeLastSeq(has, 12)).toBe(12);
  });
});
