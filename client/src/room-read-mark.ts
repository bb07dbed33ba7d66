/**
 * The person's read mark in an open group room: learned once when the room opens (a read up to 0
 * never moves it), the "New since your last visit" line above the first message someone else wrote
 * after it, and the mark moved to the newest message while the room is on screen, so the room's
 * count clears on every tab and device.
 */
import type { Message } from "../../shared/dto";
import { request, type HavenSocket } from "./connection";
import type { MessageList } from "./message-list";

export interface RoomReadMark {
  /** The message the divider stays above while the room is open; null for none. */
  newSince(): number | null;
  learn(): Promise<void>;
  /** After the messages are in: places the divider once, then marks what is on screen read. */
  settle(): void;
  markRead(): void;
  dispose(): void;
}

const READ_MARK_EVERY_MS = 2000;

export function roomReadMark(socket: HavenSocket, roomId: string, meId: string, messages: () => MessageList<Message>, watching: boolean): RoomReadMark {
  let opened: number | null = null;
  let divider: number | null = null;
  let sent = 0;
  let disposed = false;
  let timer: number | undefined;

  /** Moves the mark now, to the newest message on screen. */
  function sendMark(): void {
    window.clearTimeout(timer);
    timer = undefined;
    if (watching || document.visibilityState !== "visible") return;
    const last = messages().lastSeq;
    if (last <= sent) return;
    sent = last;
    void request(socket, "room:read", { roomId, seq: last });
  }
  // While the room is open every arriving message would move the mark, for every reader: one
  // request per reader per message. One every few seconds says the same.
  function markRead(): void {
    if (disposed || timer !== undefined) return;
    timer = window.setTimeout(sendMark, READ_MARK_EVERY_MS);
  }
  const onVisible = () => sendMark();
  document.addEventListener("visibilitychange", onVisible);

  return {
    newSince: () => divider,
    async learn() {
      if (opened !== null || watching) return;
      const ack = await request(socket, "room:read", { roomId, seq: 0 });
      if (ack.ok) opened = ack.data.seq;
    },
    settle() {
      const list = messages();
      // Placed once per opening: it marks where this visit's new messages began, and stays there.
      // No mark yet is a first visit: there is no "last visit" to be new since.
      if (opened !== null && opened > 0 && divider === null) {
        for (let seq = Math.max(opened + 1, list.firstSeq); seq <= list.lastSeq; seq++) {
          const m = list.get(seq);
          // Not on a message the reader does not see: their own, one held for review, or a blocked person's.
          if (!m || m.authorId === meId || m.held || m.hidden) continue;
          divider = seq;
          list.render();
          break;
        }
      }
      sendMark();
    },
    markRead,
    dispose() {
      // Leaving the room: what was read is marked now, not lost with the timer.
      if (timer !== undefined) sendMark();
      disposed = true;
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
