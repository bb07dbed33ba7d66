/** The message box shared by rooms and conversations: Enter sends, Shift+Enter breaks the line, typing is reported sparingly. */
import { h } from "./dom";

const TYPING_SEND_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
/** Matches the server's limit (shared/schemas.ts MAX_BODY_CHARS), without bundling zod. */
const MAX_BODY_CHARS = 4000;

export interface Composer {
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  /** Disables sending, saying why in the placeholder; `null` enables it again. */
  disable(why: string | null): void;
  /**
   * While the server asks for a wait (slow mode, rate limit) the Send button is off but the box
   * stays open: Enter queues what is written, and it goes out when the wait ends.
   */
  hold(held: boolean): void;
  dispose(): void;
}

export function createComposer(opts: { label: string; onSend(body: string): void; onTyping(typing: boolean): void }): Composer {
  const input = h("textarea", { id: "composer", rows: 2, maxLength: MAX_BODY_CHARS, placeholder: "Write a message (Enter sends, Shift+Enter for a new line)" });
  const send = h("button", { id: "send", type: "submit" }, "Send");
  let lastTypingSent = 0;
  let held = false;
  let blocked = false;
  let idleTimer: number | undefined;
  const stopTyping = () => {
    window.clearTimeout(idleTimer);
    if (lastTypingSent) opts.onTyping(false);
    lastTypingSent = 0;
  };
  input.addEventListener("input", () => {
    if (Date.now() - lastTypingSent > TYPING_SEND_EVERY_MS) {
      lastTypingSent = Date.now();
      opts.onTyping(true);
    }
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  const form = h(
    "form",
    {
      id: "composer-form",
      className: "composer",
      on: {
        submit: (e: SubmitEvent) => {
          e.preventDefault();
          const body = input.value.trim();
          if (!body || input.disabled) return;
          input.value = "";
          stopTyping();
          opts.onSend(body);
        },
      },
    },
    h("label", { htmlFor: "composer", className: "visually-hidden" }, opts.label),
    input,
    send,
  );
  return {
    form,
    input,
    disable(why) {
      blocked = why !== null;
      input.disabled = blocked;
      send.disabled = blocked || held;
      input.placeholder = why ?? "Write a message (Enter sends, Shift+Enter for a new line)";
    },
    hold(on) {
      held = on;
      send.disabled = blocked || held;
    },
    dispose: () => window.clearTimeout(idleTimer),
  };
}

/** "Sam is typing…", "Sam, Alex are typing…", or "". */
export function typingText(names: string[]): string {
  return names.length === 0 ? "" : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
}
