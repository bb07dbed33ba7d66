/** Sending with a message shown before the server has it, and never stored twice. */
import type { Ack } from "../../shared/ack";
import type { ListedMessage, MessageList, PendingMessage } from "./message-list";

/** A version-4 UUID, also where crypto.randomUUID is missing (pages served over plain http). */
export function newClientMsgId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Optimistic sending: a message shows at once as pending, becomes the stored one on its ack, and
 * fails visibly (with Retry, under the same clientMsgId, so the server stores it once) on a refusal
 * or a timeout. Sends made while offline wait and go out on reconnect.
 */
export class Outbox<M extends ListedMessage> {
  private readonly inFlight = new Set<string>();
  /** Until when (ms since the epoch) the server asked for no more sends; 0 when it did not. */
  private waitUntil = 0;
  private waitTimer: number | undefined;
  private draining = false;

  constructor(
    private readonly messages: MessageList<M>,
    private readonly transport: (p: PendingMessage) => Promise<Ack<M>>,
    private readonly online: () => boolean,
    private readonly onFailed: (message: string) => void,
    /** Told when a wait starts (its end) and ends (null), for a countdown. */
    private readonly onWait?: (until: number | null) => void,
  ) {}

  submit(body: string): void {
    const p: PendingMessage = { clientMsgId: newClientMsgId(), body, state: "pending", queued: this.waiting() };
    this.messages.addPending(p);
    if (this.online()) void this.drain();
  }

  retry(p: PendingMessage): void {
    p.state = "pending";
    delete p.error;
    this.messages.addPending(p);
    if (this.online()) void this.drain();
  }

  /** After a reconnect: sends what waited while offline. */
  flush(): void {
    void this.drain();
  }

  /** How many messages wait for the server to take messages again. */
  queued(): number {
    return this.messages.pendingMessages().filter((p) => p.state === "pending" && p.queued).length;
  }

  dispose(): void {
    window.clearTimeout(this.waitTimer);
  }

  private waiting(): boolean {
    return this.waitUntil > Date.now();
  }

  /**
   * Sends pending messages one at a time, in the order they were written, so that under slow mode
   * the queue goes out in order and stops at the first refusal that asks to wait.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const tried = new Set<string>();
    try {
      for (;;) {
        if (this.waiting() || !this.online()) return;
        const next = this.messages.pendingMessages().find((p) => p.state === "pending" && !tried.has(p.clientMsgId));
        if (!next) return;
        tried.add(next.clientMsgId);
        await this.deliver(next);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Holds every pending message until the wait is over, then sends them. */
  private pause(seconds: number): void {
    this.waitUntil = Date.now() + seconds * 1000;
    for (const p of this.messages.pendingMessages()) if (p.state === "pending") p.queued = true;
    this.messages.render();
    window.clearTimeout(this.waitTimer);
    this.waitTimer = window.setTimeout(() => {
      this.waitUntil = 0;
      this.onWait?.(null);
      void this.drain();
    }, seconds * 1000);
    this.onWait?.(this.waitUntil);
  }

  private async deliver(p: PendingMessage): Promise<void> {
    if (this.inFlight.has(p.clientMsgId)) return;
    this.inFlight.add(p.clientMsgId);
    p.queued = false;
    const ack = await this.transport(p);
    this.inFlight.delete(p.clientMsgId);
    if (ack.ok) return void this.messages.add(ack.data);
    // Too soon, not refused: the message stays and goes out by itself when the wait is over.
    const wait = (ack.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (ack.error.code === "rate_limited" && typeof wait === "number" && wait > 0) return this.pause(wait);
    this.messages.fail(p.clientMsgId, ack.error.message);
    this.onFailed(`Your message was not sent. ${ack.error.message}`);
  }
}
