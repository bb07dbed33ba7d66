import type { Message } from "../../shared/dto";
import { h, reconcile } from "./dom";
import { dayKey, dayLabel, daySeparator, messageBody, timeElement, userText } from "./message-format";

/** What room messages and private messages have in common, as far as showing them goes. */
export type ListedMessage = Pick<Message, "id" | "seq" | "authorId" | "authorName" | "body" | "createdAt" | "clientMsgId"> & Partial<Pick<Message, "deletedAt" | "held" | "editedAt" | "reactions" | "hidden">>;

export interface PendingMessage {
  clientMsgId: string;
  body: string;
  state: "pending" | "failed";
  /** Pending, but held back until the server's wait (slow mode, rate limit) is over. */
  queued?: boolean;
  /** Why it failed, in plain words. */
  error?: string;
}

export interface MessageListOptions<M extends ListedMessage> {
  meId: string;
  onRetry(p: PendingMessage): void;
  /** Controls shown with a stored message, e.g. moderation actions; null for none. */
  actions?(m: M): Node | null;
  /** Reactions shown with a stored message; null for none. */
  reactions?(m: M): Node | null;
  /** A short line under a message, e.g. "Seen"; null for none. */
  receipt?(m: M): string | null;
  /** The seq of the first message new since the person's last visit: a divider goes above it. */
  newSince?(): number | null;
}

/**
 * The messages of one room or conversation, in seq order, each shown once: stored messages are
 * keyed by seq, pending ones by clientMsgId until their ack (or their broadcast) arrives. Rendering
 * reuses the element of every message that did not change, so focus inside one (a moderation
 * menu, a Retry button) survives new messages arriving.
 */
export class MessageList<M extends ListedMessage> {
  private readonly stored = new Map<number, M>();
  private readonly pending = new Map<string, PendingMessage>();
  private readonly nodes = new Map<string, { sig: string; li: HTMLLIElement }>();

  constructor(
    readonly list: HTMLOListElement,
    private readonly opts: MessageListOptions<M>,
  ) {}

  get size(): number {
    return this.stored.size;
  }

  get firstSeq(): number {
    let min = Infinity;
    for (const seq of this.stored.keys()) min = Math.min(min, seq);
    return min === Infinity ? 0 : min;
  }

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

  get(seq: number): M | undefined {
    return this.stored.get(seq);
  }

  /** A stored message by id, if loaded. */
  byId(id: string): M | undefined {
    for (const m of this.stored.values()) if (m.id === id) return m;
    return undefined;
  }

  /** The newest stored message, if any. */
  last(): M | undefined {
    return this.stored.get(this.lastSeq);
  }

  /** Adds or replaces stored messages (a released or deleted one keeps its seq); true when any was new. */
  add(...messages: M[]): boolean {
    let fresh = false;
    for (const m of messages) {
      this.pending.delete(m.clientMsgId);
      if (!this.stored.has(m.seq)) fresh = true;
      this.stored.set(m.seq, m);
    }
    this.render();
    return fresh;
  }

  /** The message was deleted (by its author or a moderator): its words are gone, its place stays. */
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

  fail(clientMsgId: string, error: string): void {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    p.state = "failed";
    p.error = error;
    this.render();
  }

  pendingMessages(): PendingMessage[] {
    return [...this.pending.values()];
  }

  /** Re-renders everything, e.g. after read receipts moved. */
  render(): void {
    const list = this.list;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    const oldHeight = list.scrollHeight;
    const oldFirst = list.firstElementChild;
    const desired: HTMLLIElement[] = [];
    const keep = new Set<string>();
    let day = "";
    for (const m of [...this.stored.values()].sort((a, b) => a.seq - b.seq)) {
      // Placeholders of other people's held messages, and of blocked people's, only keep the seq; they show nothing.
      if ((m.held && m.authorId !== this.opts.meId) || m.hidden) continue;
      const receipt = this.opts.receipt?.(m) ?? "";
      // The first message of each day carries the day's date above it (inside its item, so the
      // list stays one item per message for screen readers' counts).
      const newDay = dayKey(m.createdAt) !== day ? dayLabel(m.createdAt) : "";
      day = dayKey(m.createdAt);
      const fresh = this.opts.newSince?.() === m.seq;
      desired.push(this.node(`s${m.seq}`, `${m.body}|${m.deletedAt ?? ""}|${m.editedAt ?? ""}|${m.held ? 1 : 0}|${receipt}|${newDay}|${fresh ? 1 : 0}|${JSON.stringify(m.reactions ?? [])}`, keep, () => this.storedItem(m, receipt, !!newDay, fresh)));
    }
    for (const p of this.pending.values()) {
      desired.push(this.node(`p${p.clientMsgId}`, `${p.state}|${p.queued ? 1 : 0}|${p.error ?? ""}`, keep, () => this.pendingItem(p)));
    }
    for (const key of [...this.nodes.keys()]) if (!keep.has(key)) this.nodes.delete(key);
    reconcile(list, desired);
    if (atBottom && oldFirst === list.firstElementChild) list.scrollTop = list.scrollHeight;
    // Earlier messages went in above: keep the one being read where it was.
    else if (oldFirst !== list.firstElementChild) list.scrollTop += list.scrollHeight - oldHeight;
  }

  private node(key: string, sig: string, keep: Set<string>, make: () => HTMLLIElement): HTMLLIElement {
    keep.add(key);
    const old = this.nodes.get(key);
    if (old && old.sig === sig) return old.li;
    const li = make();
    if (old) old.li.replaceWith(li);
    this.nodes.set(key, { sig, li });
    return li;
  }

  private storedItem(m: M, receipt: string, firstOfDay: boolean, fresh = false): HTMLLIElement {
    const mine = m.authorId === this.opts.meId;
    const li = h(
      "li",
      { className: [mine ? "mine" : "", m.deletedAt ? "deleted" : "", m.held ? "held" : ""].join(" ").trim() },
      firstOfDay ? daySeparator(m.createdAt) : null,
      // Inside the item, like the day's date, so the list stays one item per message.
      fresh ? h("span", { className: "new-since", attrs: { role: "separator" } }, "New since your last visit") : null,
      h("span", { className: "meta" }, mine ? "You" : userText(m.authorName, "author"), " · ", timeElement(m.createdAt), m.editedAt && !m.deletedAt ? " · edited" : "", m.held ? " · held for review, only you can see it for now" : ""),
      m.deletedAt ? "This message was deleted." : messageBody(m.body),
    );
    li.dataset.seq = String(m.seq);
    li.dataset.clientMsgId = m.clientMsgId;
    if (receipt) li.append(h("span", { className: "receipt" }, receipt));
    const reactions = m.deletedAt || m.held ? null : this.opts.reactions?.(m);
    if (reactions) li.append(reactions);
    const actions = m.deletedAt ? null : this.opts.actions?.(m);
    if (actions) li.append(actions);
    return li;
  }

  private pendingItem(p: PendingMessage): HTMLLIElement {
    const li = h("li", { className: p.state }, h("span", { className: "meta" }, p.state === "pending" ? (p.queued ? "Queued: sends when allowed" : "Sending…") : `Not sent. ${p.error ?? ""}`), messageBody(p.body));
    li.dataset.clientMsgId = p.clientMsgId;
    if (p.state === "failed") li.append(" ", h("button", { type: "button", className: "secondary retry", on: { click: () => this.opts.onRetry(p) } }, "Retry"));
    return li;
  }
}
