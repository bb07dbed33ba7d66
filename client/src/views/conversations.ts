/**
 * Private conversations between a member and their assigned peer supporters: the list with unread
 * badges, and one open thread with scroll-back, read receipts ("Seen"), typing, optimistic sending,
 * the peer's away notice with the crisis resources, and the read-only state after an assignment ends.
 */
import { MODERATION_TEAM_ID, type ConversationSummary, type DirectMessage } from "../../../shared/dto";
import { createComposer, typingText } from "../composer";
import { request } from "../connection";
import { fill, h, reconcile, unreadBadge } from "../dom";
import { notificationToggle } from "../attention";
import { MessageList } from "../message-list";
import { Outbox } from "../outbox";
import { resourceItem } from "../safety";
import type { View } from "./view";
import { privacyNotice } from "./privacy-notice";
import { ownMessageActions } from "./own-message";
import { reportButton } from "../report-dialog";
import { createThreadExtras, isStaffRole } from "./thread-extras";
import { reactionBar, withUpdate } from "../reactions";
import type { ConversationReactionSetInput } from "../../../shared/schemas";

const PAGE = 50;
const GAP_PAGE = 100;
const TYPING_SHOWN_MS = 5000;

interface Thread {
  id: string;
  messages: MessageList<DirectMessage>;
  outbox: Outbox<DirectMessage>;
  typingTimer?: number;
}

export const conversationsView: View = (root, ctx, params) => {
  const meId = ctx.me.user.id;
  let summaries: ConversationSummary[] = [];
  let thread: Thread | null = null;
  let disposed = false;

  const listEl = h("ul", { id: "conversation-list", className: "conversation-list" });
  const threadTitle = h("h3", { id: "thread-title", dir: "auto" });
  const away = h("div", { id: "away-notice", className: "notice", attrs: { role: "status" }, hidden: true });
  const readOnly = h("p", { id: "read-only-notice", className: "notice", hidden: true }, "This conversation has ended. You can still read it, but no new messages can be sent.");
  const earlier = h("button", { type: "button", id: "load-earlier", className: "secondary", hidden: true, on: { click: () => void loadEarlier() } }, "Load earlier messages");
  const msgList = h("ol", { id: "message-list", attrs: { "aria-label": "Messages", tabindex: 0 } });
  const typingEl = h("p", { id: "typing", className: "muted" });
  const composer = createComposer({
    label: "Private message",
    onSend: (body) => thread?.outbox.submit(body),
    onTyping: (typing) => thread && void request(ctx.socket, "conversation:typing", { conversationId: thread.id, typing }),
  });
  const privacy = privacyNotice();
  // Check-ins and "ask a moderator" (thread-extras.ts).
  const extras = createThreadExtras(ctx);
  const staff = isStaffRole(ctx.me.user.role);
  // A peer is told, in the conversation too, that a moderator was alerted about their member: no more.
  const alerted = new Set<string>();
  const flagNotice = h("p", { id: "flag-notice", className: "notice", hidden: true });
  const threadEl = h("section", { className: "card thread-pane", hidden: true, attrs: { "aria-labelledby": "thread-title" } }, threadTitle, privacy, extras.element, flagNotice, away, readOnly, earlier, msgList, typingEl, composer.form);
  const empty = h("p", { className: "muted" });

  fill(
    root,
    h("h2", null, "Conversations"),
    notificationToggle(),
    h("div", { className: "split" }, h("nav", { className: "card", attrs: { "aria-label": "Your conversations" } }, listEl, empty), threadEl),
  );

  const summary = (id: string | undefined) => summaries.find((c) => c.id === id);

  // One button per conversation, kept across updates, so keyboard focus survives new messages.
  const items = new Map<string, { li: HTMLLIElement; button: HTMLButtonElement }>();
  function renderList(): void {
    empty.textContent = summaries.length ? "" : staff ? "No check-ins yet. Open one from a flag with “Message privately”." : ctx.me.user.role === "member" ? "You have no peer supporter assigned yet. A moderator will connect you with one." : "No one is assigned to you yet.";
    const lis = summaries.map((c) => {
      let item = items.get(c.id);
      if (!item) {
        const button = h("button", { type: "button", className: "conversation", attrs: { "data-conversation-id": c.id }, on: { click: () => void open(c.id) } });
        item = { li: h("li", null, button), button };
        items.set(c.id, item);
      }
      const { button } = item;
      if (thread?.id === c.id) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
      fill(
        button,
        h("span", { dir: "auto" }, c.other.displayName),
        c.peerAvailability?.status === "away" ? h("span", { className: "muted" }, " (away)") : null,
        c.readOnly ? h("span", { className: "muted" }, " (ended)") : null,
        unreadBadge(c.unread),
      );
      return item.li;
    });
    reconcile(listEl, lis);
  }

  function renderThreadState(): void {
    const c = summary(thread?.id);
    if (!c) return;
    threadTitle.textContent = c.other.displayName;
    extras.update(c);
    // "Only the two of you" is not true of a check-in: its own notice says who reads it.
    if (c.kind === "checkin") privacy.hidden = true;
    readOnly.hidden = !c.readOnly;
    flagNotice.hidden = !alerted.has(c.id);
    flagNotice.textContent = `A moderator has been alerted about ${c.other.displayName}.`;
    composer.disable(c.readOnly ? "This conversation has ended." : null);
    const isAway = c.peerAvailability?.status === "away";
    away.hidden = !isAway;
    if (isAway) {
      const resources = c.resources ?? ctx.resources;
      fill(
        away,
        h("p", null, `${c.other.displayName} is away right now.`, c.peerAvailability?.message ? ` “${c.peerAvailability.message}”` : "", " They will see your messages when they are back."),
        h("p", null, "If you need to talk to someone now:"),
        h("ul", null, ...resources.map(resourceItem)),
      );
    }
  }

  /** The newest of my messages the other person has read carries "Seen". */
  function seenSeq(): number {
    const c = summary(thread?.id);
    if (!c || !thread) return 0;
    let seq = 0;
    for (let s = Math.min(c.otherLastRead, thread.messages.lastSeq); s > 0; s--) {
      if (thread.messages.get(s)?.authorId === meId) {
        seq = s;
        break;
      }
    }
    return seq;
  }

  async function open(id: string): Promise<void> {
    if (thread?.id === id) return;
    if (thread) window.clearTimeout(thread.typingTimer);
    typingEl.textContent = "";
    const messages: MessageList<DirectMessage> = new MessageList<DirectMessage>(msgList, {
      meId,
      onRetry: (p) => outbox.retry(p),
      receipt: (m) => (m.authorId === meId && m.seq === seenSeq() ? "Seen" : null),
      // An ended conversation keeps the tallies it has, unchangeable; the broadcast redraws both sides'.
      reactions: (m) => {
        const closed = summary(id)?.readOnly === true;
        if (closed && !m.reactions?.length) return null;
        const toggle = (emoji: ConversationReactionSetInput["emoji"], on: boolean) => request(ctx.socket, "conversation:reaction_set", { conversationId: id, messageId: m.id, emoji, on });
        return reactionBar(m, (emoji, on) => void toggle(emoji, on).then((ack) => !ack.ok && ctx.announce(ack.error.message)), closed);
      },
      actions: (m) =>
        m.authorId === meId
          ? ownMessageActions(ctx, m, { remove: () => request(ctx.socket, "conversation:delete", { conversationId: id, messageId: m.id }) })
          : // The team's messages in a check-in are the team's, not one person's: nothing to report there.
            m.authorId === MODERATION_TEAM_ID
            ? null
            : reportButton(ctx, { place: { conversationId: id }, messageId: m.id, authorId: m.authorId, authorName: m.authorName }),
    });
    const outbox: Outbox<DirectMessage> = new Outbox<DirectMessage>(
      messages,
      (p) => request(ctx.socket, "conversation:send", { conversationId: id, clientMsgId: p.clientMsgId, body: p.body }),
      () => ctx.socket.connected,
      (text) => ctx.announce(text),
    );
    msgList.replaceChildren();
    thread = { id, messages, outbox };
    threadEl.hidden = false;
    renderList();
    renderThreadState();
    const page = await request(ctx.socket, "conversation:history", { conversationId: id, limit: PAGE });
    if (thread?.id !== id) return;
    if (page.ok) messages.add(...page.data.messages);
    earlier.hidden = messages.firstSeq <= 1;
    await gapFill();
    markRead();
    if (!summary(id)?.readOnly) composer.input.focus();
  }

  async function gapFill(): Promise<void> {
    for (;;) {
      const t = thread;
      if (!t || disposed) return;
      const ack = await request(ctx.socket, "conversation:history", { conversationId: t.id, after: t.messages.contiguousSeq, limit: GAP_PAGE });
      if (!ack.ok || thread !== t) return;
      t.messages.add(...ack.data.messages);
      // A page cut short by its byte bound is not the end: ask again from where it stopped.
      if (ack.data.messages.length < GAP_PAGE && !ack.data.truncated) return;
    }
  }

  async function loadEarlier(): Promise<void> {
    const t = thread;
    if (!t) return;
    const ack = await request(ctx.socket, "conversation:history", { conversationId: t.id, before: t.messages.firstSeq, limit: PAGE });
    if (!ack.ok) return ctx.announce(ack.error.message);
    t.messages.add(...ack.data.messages);
    earlier.hidden = t.messages.firstSeq <= 1;
  }

  /** Moves my read mark to the newest message, while the thread is on screen. */
  function markRead(): void {
    const c = summary(thread?.id);
    if (!thread || !c || document.visibilityState !== "visible") return;
    const last = thread.messages.lastSeq;
    if (last > c.myLastRead) void request(ctx.socket, "conversation:read", { conversationId: c.id, seq: last });
  }

  async function load(): Promise<void> {
    const ack = await request(ctx.socket, "conversation:list", {});
    if (disposed) return;
    if (!ack.ok) return ctx.announce(ack.error.message);
    summaries = ack.data.conversations;
    renderList();
    renderThreadState();
    thread?.messages.render();
  }

  ctx.on("peer:flag_notice", (n) => {
    const c = summary(n.conversationId);
    if (!c) return;
    if (n.active) alerted.add(c.id);
    else alerted.delete(c.id);
    ctx.announce(n.active ? `A moderator has been alerted about ${c.other.displayName}.` : `Moderators have finished with the alert about ${c.other.displayName}.`);
    if (thread?.id === c.id) renderThreadState();
  });
  ctx.on("conversation:message", (m) => {
    const c = summary(m.conversationId);
    if (c) {
      c.lastSeq = Math.max(c.lastSeq, m.seq);
      c.lastActivityAt = m.createdAt;
      // Sending moves the sender's own read mark on the server; keep ours in step.
      if (m.authorId === meId) c.myLastRead = Math.max(c.myLastRead, m.seq);
    }
    if (thread?.id !== m.conversationId) return;
    const gap = thread.messages.size > 0 && m.seq > thread.messages.contiguousSeq + 1;
    if (thread.messages.add(m) && m.authorId !== meId) {
      ctx.announce(`${m.authorName}: ${m.body}`);
      window.clearTimeout(thread.typingTimer);
      typingEl.textContent = "";
    }
    if (gap) void gapFill();
    markRead();
  });
  ctx.on("message:deleted", ({ conversationId, seq }) => {
    if (conversationId && thread?.id === conversationId) thread.messages.markDeleted(seq);
  });
  ctx.on("conversation:read", ({ conversationId, userId, seq }) => {
    const c = summary(conversationId);
    if (!c) return;
    // In a check-in staff read as the team.
    if (userId === meId || (staff && userId === MODERATION_TEAM_ID)) c.myLastRead = Math.max(c.myLastRead, seq);
    else c.otherLastRead = Math.max(c.otherLastRead, seq);
    if (thread?.id === conversationId) thread.messages.render();
  });
  ctx.on("conversation:reaction_updated", (u) => {
    const m = thread?.id === u.conversationId ? thread.messages.byId(u.messageId) : undefined;
    // In a check-in staff react as the team, so the team's reaction is "mine" to every moderator.
    const side = staff && summary(u.conversationId)?.kind === "checkin" ? MODERATION_TEAM_ID : meId;
    if (m) thread?.messages.add(withUpdate(m, u, side));
  });
  ctx.on("conversation:unread", ({ conversationId, unread }) => {
    const c = summary(conversationId);
    if (!c) return;
    c.unread = unread;
    renderList();
  });
  ctx.on("conversation:typing", ({ conversationId, userId, typing }) => {
    const c = summary(conversationId);
    if (!thread || thread.id !== conversationId || !c || userId === meId) return;
    window.clearTimeout(thread.typingTimer);
    typingEl.textContent = typing ? typingText([c.other.displayName]) : "";
    if (typing) thread.typingTimer = window.setTimeout(() => (typingEl.textContent = ""), TYPING_SHOWN_MS);
  });
  ctx.on("conversation:updated", (s) => {
    summaries = summaries.some((c) => c.id === s.id) ? summaries.map((c) => (c.id === s.id ? s : c)) : [...summaries, s];
    renderList();
    renderThreadState();
  });
  ctx.on("availability:updated", (a) => {
    for (const c of summaries) {
      if (c.other.id !== a.peerId) continue;
      c.peerAvailability = a;
      c.resources = a.status === "away" ? ctx.resources : null;
    }
    renderList();
    renderThreadState();
  });
  ctx.onReconnect(() => {
    void load().then(gapFill).then(() => {
      thread?.outbox.flush();
      markRead();
    });
  });
  const onVisible = () => markRead();
  document.addEventListener("visibilitychange", onVisible);

  void load().then(() => {
    const first = params.conversationId ?? (summaries.length === 1 ? summaries[0]?.id : undefined);
    if (first) void open(first);
  });

  return () => {
    disposed = true;
    composer.dispose();
    if (thread) window.clearTimeout(thread.typingTimer);
    document.removeEventListener("visibilitychange", onVisible);
  };
};
