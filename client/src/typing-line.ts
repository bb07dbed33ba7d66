/**
 * "Sam is typing…": who is typing in a room, each forgotten after a few seconds without news (a
 * typist whose tab closed never sends typing: false).
 */
import { typingText } from "./composer";

const TYPING_SHOWN_MS = 5000;

export interface TypingLine {
  update(userId: string, name: string, typing: boolean): void;
  /** Drops one person at once (blocked, or left the room). */
  forget(userId: string): void;
  dispose(): void;
}

export function typingLine(el: HTMLElement): TypingLine {
  const typers = new Map<string, { name: string; timer: number }>();
  const render = () => {
    el.textContent = typingText([...typers.values()].map((t) => t.name));
  };
  const forget = (userId: string) => {
    window.clearTimeout(typers.get(userId)?.timer);
    typers.delete(userId);
    render();
  };
  return {
    update(userId, name, typing) {
      window.clearTimeout(typers.get(userId)?.timer);
      typers.delete(userId);
      if (typing) typers.set(userId, { name, timer: window.setTimeout(() => forget(userId), TYPING_SHOWN_MS) });
      render();
    },
    forget,
    dispose() {
      for (const t of typers.values()) window.clearTimeout(t.timer);
    },
  };
}
