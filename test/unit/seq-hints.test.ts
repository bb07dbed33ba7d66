import { randomUUID } from "node:crypto";
import { shareStoredSeqs, type SeqHint } from "../../server/src/scale/seq-hints";
import type { MessageRecord, MessageStore, NewMessage } from "../../server/src/storage/ports";

/** A store in memory, just enough of the port for appends; `hinted` collects what others announced. */
function memoryMessages(withHints: boolean) {
  const seqs = new Map<string, number>();
  const byClientId = new Map<string, MessageRecord>();
  const hinted: SeqHint[] = [];
  const messages = {
    append: async (m: NewMessage) => {
      const stored = byClientId.get(`${m.roomId}:${m.clientMsgId}`);
      if (stored) return { message: stored, created: false };
      const seq = (seqs.get(m.roomId) ?? 0) + 1;
      seqs.set(m.roomId, seq);
      const message: MessageRecord = { ...m, seq, deletedAt: null, held: false };
      byClientId.set(`${m.roomId}:${m.clientMsgId}`, message);
      return { message, created: true };
    },
    ...(withHints ? { seenElsewhere: (roomId: string, seq: number) => void hinted.push([roomId, seq]) } : {}),
  } as unknown as MessageStore;
  return { messages, hinted };
}

const message = (roomId: string, clientMsgId = randomUUID()): NewMessage => ({
  id: randomUUID(),
  roomId,
  authorId: "u1",
  authorName: "Sam",
  body: "hello",
  clientMsgId,
  createdAt: new Date(),
});

const nextTurn = () => new Promise((r) => setImmediate(r));

describe("sharing how far this node has written in each room", () => {
  it("announces the highest seq per room once per turn, and nothing for a retry", async () => {
    const { messages } = memoryMessages(true);
    const hints = shareStoredSeqs(messages);
    const published: SeqHint[][] = [];
    hints.attach((h) => published.push(h));
    const again = randomUUID();
    await Promise.all([hints.messages.append(message("a", again)), hints.messages.append(message("a")), hints.messages.append(message("b"))]);
    await nextTurn();
    expect(published).toEqual([[["a", 2], ["b", 1]]]);
    await hints.messages.append(message("a", again));
    await nextTurn();
    expect(published).toHaveLength(1);
  });

  it("hands valid hints from other nodes to the store and drops malformed ones", () => {
    const { messages, hinted } = memoryMessages(true);
    const receive = shareStoredSeqs(messages).attach(() => undefined);
    receive([["a", 7], ["b", -1], ["c", 1.5], [3, 4], "x", ["d", 9, 1]]);
    receive("not a list");
    expect(hinted).toEqual([["a", 7]]);
  });

  it("announces nothing for a store that allocates seqs under a lock", async () => {
    const { messages } = memoryMessages(false);
    const hints = shareStoredSeqs(messages);
    const published: SeqHint[][] = [];
    hints.attach((h) => published.push(h));
    await hints.messages.append(message("a"));
    await nextTurn();
    expect(published).toEqual([]);
    expect(hints.messages).toBe(messages);
  });
});
