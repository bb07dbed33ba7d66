/**
 * A group room: messages with scroll-back, presence, typing, the pinned announcement, the room's
 * state in plain words (paused, slow mode, muted, ended), optimistic sending, and for the session's
 * facilitators and for moderators the moderation controls. Opened with `watch`, a moderator sees
 * the room without appearing in it.
 */
import type { Ack } from "../../../shared/ack";
import type { Message, PresentUser, Room, Session } from "../../../shared/dto";
import { createComposer } from "../composer";
import { typingLine } from "../typing-line";
import { request } from "../connection";
import { fill, h } from "../dom";
import { MessageList } from "../message-list";
import { Outbox } from "../outbox";
import { sendWait, waitText } from "../send-wait";
import { reactionBar, withUpdate } from "../reactions";
import { noticeText } from "../notices";
import { messageActions, roomControls } from "./room-moderation";
import { presenceRenderer } from "./room-presence";
import { composerClosedBy, roomStateLines, type RoomNotices } from "../room-state";
import { ownMessageActions } from "./own-message";
import { reportButton } from "../report-dialog";
import { roomBlocking } from "../blocks";
import { roomReadMark } from "../room-read-mark";
import type { View } from "./view";

const PAGE = 50;
const GAP_PAGE = 100;
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export const roomView: View = (root, ctx, params) => {
  const roomId = params.roomId ?? "";
  const watch = params.watch === "1";
  const meId = ctx.me.user.id;
  const staff = ctx.me.user.role === "moderator" || ctx.me.user.role === "admin";
  let room: Room | null = null;
  let session: Session | null = null;
  let disposed = false;
  const present = new Map<string, PresentUser>();
  /** Why this person cannot send here, if they cannot; each in plain words. */
  const state: RoomNotices = {};
  let muteTimer: number | undefined;

  const canModerate = () => staff || (!!session && (session.facilitatorIds.includes(meId) || session.moderatorIds.includes(meId)));

  // dir="auto": names, topics and pinned words read in their own direction (Arabic, Hebrew).
  const title = h("h2", { id: "room-title", dir: "auto" }, "Room");
  const topic = h("p", { id: "room-topic", className: "muted", dir: "auto" });
  const when = h("p", { id: "room-when", className: "muted" });
  const watchBanner = h(
    "p",
    { className: "notice", hidden: !watch },
    "You are watching: people in the room do not see you here. ",
    h("button", { type: "button", className: "secondary", on: { click: () => ctx.navigate("room", { ...params, watch: "0" }) } }, "Join the conversation"),
  );
  const pinnedText = h("span", { dir: "auto" });
  const pinned = h("p", { id: "room-pinned", className: "pinned", hidden: true }, "Pinned: ", pinnedText);
  const notice = h("p", { id: "room-notice", className: "notice", attrs: { role: "status" }, hidden: true });
  const controlsSlot = h("div");
  const earlier = h("button", { type: "button", id: "load-earlier", className: "secondary", hidden: true, on: { click: () => void loadEarlier() } }, "Load earlier messages");
  const listEl = h("ol", { id: "message-list", attrs: { "aria-label": "Messages", tabindex: 0 } });
  const presenceList = h("ul", { id: "presence-list" });
  const typingEl = h("p", { id: "typing", className: "muted" });
  const typers = typingLine(typingEl);
  let controls: ReturnType<typeof roomControls> | null = null;

  // Members block other members from their messages; the typing line forgets a blocked person at once.
  const blockFor = roomBlocking<Message>(ctx, { list: (): MessageList<Message> => messages, listEl, roleOf: (id) => present.get(id)?.role, forget: (id) => typers.forget(id) });
  const messages = new MessageList<Message>(listEl, {
    meId,
    onRetry: (p) => outbox.retry(p),
    reactions: (m) => reactionBar(m, (emoji, on) => void request(ctx.socket, "reaction:set", { roomId, messageId: m.id, emoji, on }).then((ack) => !ack.ok && ctx.announce(ack.error.message))),
    actions: (m) =>
      m.authorId === meId
        ? ownMessageActions(ctx, m, {
            edit: (body) => request(ctx.socket, "message:edit", { roomId, messageId: m.id, body }),
            remove: () => request(ctx.socket, "message:delete", { roomId, messageId: m.id }),
          })
        : othersActions(m),
    newSince: () => readMark.newSince(),
  });
  const readMark = roomReadMark(ctx.socket, roomId, meId, () => messages, watch);
  /** Under someone else's message: moderation for moderators, Report for everyone, Block for members. */
  function othersActions(m: Message): HTMLElement | null {
    if (m.held || m.hidden) return null;
    const moderation = canModerate() ? messageActions(ctx, roomId, m) : null;
    return h("div", { className: "other-actions" }, moderation, reportButton(ctx, { place: { roomId }, messageId: m.id, authorId: m.authorId, authorName: m.authorName }), blockFor(m));
  }
  const outbox = new Outbox<Message>(
    messages,
    async (p) => {
      const ack = await request(ctx.socket, "message:send", { roomId, clientMsgId: p.clientMsgId, body: p.body });
      // A refusal tells us the room's state: show it in words above the composer, not only on the message.
      if (!ack.ok) learnFromRefusal(ack);
      return ack;
    },
    () => ctx.socket.connected,
    (text) => ctx.announce(text),
    (until) => {
      wait.set(until);
      if (until !== null) ctx.announce(waitText(Math.ceil((until - Date.now()) / 1000), outbox.queued()));
    },
  );
  // The countdown line above the composer, every second until the server takes messages again.
  const wait = sendWait((left) => {
    if (left === null) delete state.slow;
    else state.slow = waitText(left, outbox.queued());
    composer.hold(left !== null);
    renderState();
  });
  const composer = createComposer({
    label: "Message",
    onSend: (body) => outbox.submit(body),
    onTyping: (typing) => void request(ctx.socket, "typing:set", { roomId, typing }),
  });
  fill(
    root,
    h(
      "section",
      { id: "room", className: "card room", attrs: { "aria-labelledby": "room-title" } },
      h("div", { className: "room-head" }, h("div", null, title, topic, when), h("button", { type: "button", className: "secondary", on: { click: () => void leave() } }, "Leave room")),
      watchBanner,
      pinned,
      notice,
      controlsSlot,
      h(
        "div",
        { className: "room-body" },
        h("div", { className: "thread" }, earlier, listEl, typingEl, watch ? null : composer.form),
        h("aside", { attrs: { "aria-labelledby": "here-title" } }, h("h3", { id: "here-title" }, "Here now"), presenceList),
      ),
    ),
  );

  function learnFromRefusal(ack: Extract<Ack<unknown>, { ok: false }>): void {
    const details = (ack.error.details ?? {}) as { until?: string | null; retryAfterSeconds?: number; reason?: string };
    if (ack.error.code === "muted") setMuted(details.until ?? null);
    if (ack.error.code === "room_closed" && details.reason !== "locked") state.ended = "This session is not open for messages right now.";
    renderState();
  }

  /** Muted until a time (lifted by itself then) or until a moderator unmutes. */
  function setMuted(until: string | null, reason: string | null = null): void {
    window.clearTimeout(muteTimer);
    state.muted = noticeText({ kind: "muted", roomId, until, reason });
    if (until) muteTimer = window.setTimeout(() => (delete state.muted, renderState()), Math.max(0, new Date(until).getTime() - Date.now()));
  }

  /** Changes text only when it differs, so a status region does not repeat itself to screen readers. */
  const setText = (el: HTMLElement, text: string) => {
    if (el.textContent !== text) el.textContent = text;
  };

  function renderState(): void {
    const lines = roomStateLines(state, room, canModerate());
    setText(notice, lines.join(" "));
    notice.hidden = lines.length === 0;
    pinned.hidden = !room?.pinned;
    setText(pinnedText, room?.pinned?.body ?? "");
    composer.disable(composerClosedBy(state, room, canModerate()));
    if (room) {
      setText(title, room.name);
      setText(topic, room.topic ?? "");
    }
    when.textContent = session ? `${new Date(session.startsAt).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })} to ${clock(session.endsAt)}` : "";
    if (canModerate() && room && !controls) {
      controls = roomControls(ctx, () => room as Room, () => session);
      controlsSlot.append(controls.el);
    }
    controls?.sync();
  }

  const renderPresence = presenceRenderer(ctx, roomId, { present, list: presenceList, canModerate });

  async function join(): Promise<void> {
    const ack = await request(ctx.socket, "room:join", watch ? { roomId, watch: true } : { roomId });
    if (disposed) return;
    if (!ack.ok) {
      const opensAt = (ack.error.details as { opensAt?: string } | undefined)?.opensAt;
      state.refused = opensAt ? `This session opens for joining at ${clock(opensAt)}.` : ack.error.message;
      return renderState();
    }
    delete state.refused;
    room = ack.data.room;
    // Said on arrival, so a member muted earlier (or in another tab) knows before trying to send.
    if (ack.data.muted) setMuted(ack.data.muted.until);
    else if (state.muted) {
      window.clearTimeout(muteTimer);
      delete state.muted;
    }
    present.clear();
    for (const u of ack.data.present) present.set(u.id, u);
    if (room.sessionId && !session) session = await ctx.api<{ session: Session }>("GET", `/api/sessions/${room.sessionId}`).then((r) => r.session, () => null);
    if (session && (session.state === "ended" || Date.now() >= new Date(session.endsAt).getTime())) state.ended = "This session has ended. You can still read the conversation.";
    renderState();
    renderPresence();
    await readMark.learn();
    if (messages.size === 0) {
      const page = await request(ctx.socket, "message:history", { roomId, limit: PAGE });
      if (page.ok) messages.add(...page.data.messages);
      earlier.hidden = messages.firstSeq <= 1;
    }
    await gapFill();
    readMark.settle();
    outbox.flush();
  }

  /** Fetches everything after the last seq held without a hole, page by page, so nothing is missed or doubled. */
  async function gapFill(): Promise<void> {
    for (;;) {
      if (disposed || !room) return;
      const ack = await request(ctx.socket, "message:history", { roomId, after: messages.contiguousSeq, limit: GAP_PAGE });
      if (!ack.ok) return;
      messages.add(...ack.data.messages);
      // A page cut short by its byte bound is not the end: ask again from where it stopped.
      if (ack.data.messages.length < GAP_PAGE && !ack.data.truncated) return;
    }
  }

  async function loadEarlier(): Promise<void> {
    const ack = await request(ctx.socket, "message:history", { roomId, before: messages.firstSeq, limit: PAGE });
    if (!ack.ok) return ctx.announce(ack.error.message);
    messages.add(...ack.data.messages);
    earlier.hidden = messages.firstSeq <= 1;
    ctx.announce(ack.data.messages.length ? `${ack.data.messages.length} earlier messages loaded.` : "This is the beginning of the conversation.");
  }

  async function leave(): Promise<void> {
    if (!watch) await request(ctx.socket, "room:leave", { roomId });
    ctx.navigate("sessions");
  }

  ctx.on("message:created", (m) => {
    if (m.roomId !== roomId) return;
    const gap = messages.size > 0 && m.seq > messages.contiguousSeq + 1;
    if (messages.add(m) && m.authorId !== meId && !m.held) ctx.announce(`${m.authorName}: ${m.body}`);
    if (gap) void gapFill();
    readMark.markRead();
  });
  ctx.on("message:released", (m) => {
    if (m.roomId === roomId) messages.add(m);
  });
  ctx.on("message:edited", (m) => {
    if (m.roomId === roomId) messages.add(m);
  });
  ctx.on("message:deleted", ({ roomId: r, seq }) => {
    if (r === roomId) messages.markDeleted(seq);
  });
  ctx.on("reaction:updated", (u) => {
    const m = u.roomId === roomId ? messages.byId(u.messageId) : undefined;
    if (m) messages.add(withUpdate(m, u, meId));
  });
  ctx.on("room:updated", (r) => {
    if (r.id !== roomId) return;
    room = r;
    renderState();
  });
  ctx.on("session:updated", (s) => {
    if (s.roomId !== roomId) return;
    session = s;
    renderState();
  });
  ctx.on("session:ended", ({ roomId: r }) => {
    if (r !== roomId) return;
    state.ended = "This session has ended. You can still read the conversation.";
    renderState();
  });
  ctx.on("session:cancelled", ({ roomId: r }) => {
    if (r !== roomId) return;
    state.ended = "This session was cancelled.";
    renderState();
  });
  ctx.on("moderation:notice", (n) => {
    if (n.roomId !== null && n.roomId !== roomId) return;
    if (n.kind === "muted") setMuted(n.until, n.reason);
    if (n.kind === "unmuted") {
      window.clearTimeout(muteTimer);
      delete state.muted;
    }
    if (n.kind === "warned") state.warned = noticeText(n);
    if (n.kind === "removed" || n.kind === "banned") state.removed = noticeText(n);
    renderState();
  });
  ctx.on("presence:joined", ({ roomId: r, user }) => {
    if (r !== roomId) return;
    present.set(user.id, user);
    renderPresence();
  });
  ctx.on("presence:left", ({ roomId: r, userId }) => {
    if (r !== roomId) return;
    present.delete(userId);
    renderPresence();
  });
  ctx.on("typing:updated", ({ roomId: r, userId, displayName, typing }) => {
    if (r === roomId) typers.update(userId, displayName, typing);
  });
  // After a reconnect (to any node) or a resync: rejoin, then fetch what was missed.
  ctx.onReconnect(() => void join());

  void join().then(() => {
    if (!watch && !disposed) composer.input.focus();
  });

  return () => {
    disposed = true;
    readMark.dispose();
    composer.dispose();
    wait.dispose();
    outbox.dispose();
    window.clearTimeout(muteTimer);
    typers.dispose();
  };
};
