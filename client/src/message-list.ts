import type { Message } from "../../shared/dto";

/**
 * The messages of one room, in seq order, each shown once: stored messages are keyed by seq,
 * pending ones by clientMsgId until their ack (or their broadcast) arrives.
 */
export interface PendingMessage {
  clientMsgId: string;
  body: string;
  state: "pending" | "failed";
}

export class MessageList {
  private readonly stored = new Map<number, Message>();
  private readonly pending = new Map<string, PendingMessage>();

  constructor(
    private readonly list: HTMLOListElement,
    private readonly onRetry: (p: PendingMessage) => void,
  ) {}

  get lastSeq(): number {
    let max = 0;
    for (const seq of this.stored.keys()) max = Math.max(max, seq);
    return max;
  }

  /**
   * The highest seq up to which nothing is missing, counting from the oldest loaded message.
   * Gap-fill starts here, not at lastSeq: a live message can arrive after some were lost.
   */
  get contiguousSeq(): number {
    if (this.stored.size === 0) return 0;
    let seq = this.firstSeq;
    while (this.stored.has(seq + 1)) seq++;
    return seq;
  }

  get firstSeq(): number {
    let min = Infinity;
    for (const seq of this.stored.keys()) min = Math.min(min, seq);
    return min === Infinity ? 0 : min;
  }

  /** Returns true when the message was new. */
  add(m: Message): boolean {
    this.pending.delete(m.clientMsgId);
    if (this.stored.has(m.seq)) {
      this.render();
      return false;
    }
    this.stored.set(m.seq, m);
    this.render();
    return true;
  }

  /** A moderator deleted the message: its words are gone, its place stays. */
  markDeleted(seq: number): void {
    const m = this.stored.get(seq);
    if (!m) return;
    this.stored.set(seq, { ...m, body: "", deletedAt: m.deletedAt ?? new Date().toISOString() });
    this.render();
  }

  addPending(p: PendingMessage): void {
    this.pending.set(p.clientMsgId, p);
    this.render();
  }

  fail(clientMsgId: string): void {
    const p = this.pending.get(clientMsgId);
    if (p) p.state = "failed";
    this.render();
  }

  private render(): void {
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    const items: HTMLLIElement[] = [];
    for (const m of [...this.stored.values()].sort((a, b) => a.seq - b.seq)) {
      const li = document.createElement("li");
      li.dataset.seq = String(m.seq);
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = `${m.authorName} · ${new Date(m.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
      if (m.deletedAt) li.className = "deleted";
      li.append(meta, document.createTextNode(m.deletedAt ? "This message was removed by a moderator." : m.body));
      items.push(li);
    }
    for (const p of this.pending.values()) {
      const li = document.createElement("li");
      li.className = p.state;
      li.dataset.clientMsgId = p.clientMsgId;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = p.state === "pending" ? "Sending…" : "Not sent.";
      li.append(meta, document.createTextNode(p.body));
      if (p.state === "failed") {
        const retry = document.createElement("button");
        retry.type = "button";
        retry.className = "secondary";
        retry.textContent = "Retry";
        retry.addEventListener("click", () => this.onRetry(p));
        li.append(document.createTextNode(" "), retry);
      }
      items.push(li);
    }
    this.list.replaceChildren(...items);
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}
