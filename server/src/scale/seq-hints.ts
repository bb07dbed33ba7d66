/**
 * Tells the other nodes how far this node has written in each room, so their next append to the
 * room starts after it instead of clashing on a seq (storage/mongo/messages.store.ts). Only a hint:
 * one lost or late costs the other node a clash and a few point lookups, nothing more. What is
 * stored within one turn of the event loop goes out as one message.
 */
import type { MessageStore } from "../storage/ports";

export type SeqHint = [roomId: string, seq: number];

export interface SeqHints {
  /** The store to use: its appends are announced once a publisher is attached. */
  messages: MessageStore;
  /** Starts announcing through `publish`; returns the handler for what other nodes announce. */
  attach(publish: (hints: SeqHint[]) => void): (hints: unknown) => void;
}

const isHint = (h: unknown): h is SeqHint =>
  Array.isArray(h) && h.length === 2 && typeof h[0] === "string" && h[0].length <= 100 && Number.isSafeInteger(h[1]) && (h[1] as number) > 0;

export function shareStoredSeqs(messages: MessageStore): SeqHints {
  const seenElsewhere = messages.seenElsewhere?.bind(messages);
  let publish: ((hints: SeqHint[]) => void) | null = null;
  const highest = new Map<string, number>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const hints = [...highest];
    highest.clear();
    publish?.(hints);
  };

  return {
    messages: seenElsewhere
      ? {
          ...messages,
          append: async (m) => {
            const result = await messages.append(m);
            if (publish && result.created) {
              highest.set(m.roomId, Math.max(highest.get(m.roomId) ?? 0, result.message.seq));
              if (!scheduled) {
                scheduled = true;
                setImmediate(flush);
              }
            }
            return result;
          },
        }
      : messages,
    attach(p) {
      // A store that allocates seqs under a lock has nothing to gain: announce nothing.
      if (seenElsewhere) publish = p;
      return (hints) => {
        if (!seenElsewhere || !Array.isArray(hints)) return;
        for (const h of hints.slice(0, 10_000)) if (isHint(h)) seenElsewhere(h[0], h[1]);
      };
    },
  };
}
