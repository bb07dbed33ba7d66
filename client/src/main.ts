import type { LoginResponse, PresentUser, Room } from "../../shared/dto";
import { login, session } from "./api";
import { connect, request, type HavenSocket } from "./connection";
import { MessageList, type PendingMessage } from "./message-list";
import { installSafetyControls, openHelpPanel, showResources } from "./safety";

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

const HISTORY_PAGE = 100;
const TYPING_SEND_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
const TYPING_SHOWN_MS = 5000;

let socket: HavenSocket | null = null;
let me: LoginResponse | null = null;
let currentRoom: Room | null = null;
let messages: MessageList | null = null;
const present = new Map<string, PresentUser>();
const typers = new Map<string, { name: string; timer: number }>();
let refreshTimer: number | undefined;

function setStatus(text: string, connected = false): void {
  const el = $("connection-status");
  el.textContent = text;
  el.classList.toggle("connected", connected);
}

/** Plain-words notice above the composer: closed, muted, removed. Rendered as text only. */
function showNotice(text: string): void {
  const el = $("room-notice");
  el.textContent = text;
  el.hidden = text.length === 0;
}

function renderRoomState(): void {
  const pinned = $("room-pinned");
  pinned.textContent = currentRoom?.pinned ? `Pinned: ${currentRoom.pinned.body}` : "";
  pinned.hidden = !currentRoom?.pinned;
  const slow = currentRoom?.slowModeSeconds ? `Slow mode: one message every ${currentRoom.slowModeSeconds} seconds.` : "";
  showNotice(currentRoom?.locked ? "A moderator has paused the conversation for now." : slow);
}

function announce(text: string): void {
  $("announcer").textContent = text;
}

function showLogin(error = ""): void {
  $("login-form").hidden = false;
  $("app").hidden = true;
  $("login-error").textContent = error;
}

async function start(s: LoginResponse): Promise<void> {
  me = s;
  $("login-form").hidden = true;
  $("app").hidden = false;
  $("me").textContent = `${s.user.displayName} (${s.user.role})`;
  $("create-room").hidden = !(s.user.role === "moderator" || s.user.role === "admin");
  scheduleRefresh(s);

  socket = connect(s.token);
  setStatus("connecting…");
  socket.on("connect", () => {
    setStatus("connected", true);
    void loadRooms();
    // After a reconnect (to any node), rejoin and fetch what was missed.
    if (currentRoom) void joinRoom(currentRoom.id, true);
  });
  socket.on("disconnect", (reason) => {
    setStatus("reconnecting…");
    // The server ends connections when an account changes; a fresh handshake picks up the change.
    if (reason === "io server disconnect") socket?.connect();
  });
  // Another node's broadcasts may have been lost while this node was cut off from them.
  socket.on("server:resync", () => {
    if (currentRoom) void gapFill(currentRoom.id);
  });
  socket.on("connect_error", (err) => {
    if (err.message === "unauthenticated") return signOut("Your session has ended. Please sign in again.");
    setStatus("offline — retrying");
  });
  socket.on("server:restarting", () => setStatus("server restarting — reconnecting…"));
  socket.on("message:created", (m) => {
    if (m.roomId !== currentRoom?.id || !messages) return;
    const gap = m.seq > messages.contiguousSeq + 1 && messages.contiguousSeq > 0;
    if (messages.add(m) && m.authorId !== me?.user.id) announce(`${m.authorName}: ${m.body}`);
    if (gap) void gapFill(m.roomId);
  });
  socket.on("message:deleted", ({ roomId, seq }) => {
    if (roomId === currentRoom?.id) messages?.markDeleted(seq);
  });
  socket.on("room:updated", (room) => {
    if (room.id !== currentRoom?.id) return;
    currentRoom = room;
    renderRoomState();
  });
  socket.on("session:ended", ({ roomId }) => {
    if (roomId === currentRoom?.id) showNotice("This session has ended. You can still read the conversation.");
  });
  socket.on("session:cancelled", ({ title }) => announce(`The session "${title}" was cancelled.`));
  socket.on("session:promoted", ({ title }) => announce(`A place opened up: you are now registered for "${title}".`));
  // Only this person sees it: open the help panel with the support lines, gently, in place.
  socket.on("support:offered", (offer) => {
    showResources(offer.resources, offer.message);
    openHelpPanel();
    announce(offer.message);
  });
  socket.on("moderation:notice", (n) => {
    const until = n.until ? ` until ${new Date(n.until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "";
    const why = n.reason ? ` Reason: ${n.reason}` : "";
    const text: Record<typeof n.kind, string> = {
      muted: `A moderator has muted you${until}. You can still read the room.`,
      unmuted: "You can send messages again.",
      warned: "A moderator has sent you a warning.",
      removed: "A moderator has removed you from this session.",
      banned: `A moderator has blocked you from ${n.roomId ? "this room" : "group sessions"}${until}.`,
    };
    showNotice(text[n.kind] + why);
  });
  socket.on("presence:joined", ({ roomId, user }) => {
    if (roomId !== currentRoom?.id) return;
    present.set(user.id, user);
    renderPresence();
  });
  socket.on("presence:left", ({ roomId, userId }) => {
    if (roomId !== currentRoom?.id) return;
    present.delete(userId);
    renderPresence();
  });
  socket.on("typing:updated", ({ roomId, userId, displayName, typing }) => {
    if (roomId !== currentRoom?.id) return;
    const old = typers.get(userId);
    if (old) window.clearTimeout(old.timer);
    typers.delete(userId);
    if (typing) typers.set(userId, { name: displayName, timer: window.setTimeout(() => (typers.delete(userId), renderTyping()), TYPING_SHOWN_MS) });
    renderTyping();
  });
}

function scheduleRefresh(s: LoginResponse): void {
  window.clearTimeout(refreshTimer);
  const due = new Date(s.expiresAt).getTime() - Date.now() - 60_000;
  refreshTimer = window.setTimeout(async () => {
    const res = await fetch("/api/auth/refresh", { method: "POST", headers: { authorization: `Bearer ${s.token}` } }).catch(() => null);
    if (!res?.ok) return;
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    const next = { ...s, token, expiresAt };
    session.save(next);
    me = next;
    if (socket) socket.auth = { token };
    scheduleRefresh(next);
  }, Math.max(5_000, due));
}

function signOut(message = ""): void {
  socket?.disconnect();
  socket = null;
  me = null;
  currentRoom = null;
  window.clearTimeout(refreshTimer);
  session.clear();
  setStatus("offline");
  $("room").hidden = true;
  showLogin(message);
}

async function loadRooms(): Promise<void> {
  if (!socket) return;
  const ack = await request(socket, "room:list", {});
  if (!ack.ok) return;
  $("room-list").replaceChildren(
    ...ack.data.rooms.map((room) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = room.name;
      b.addEventListener("click", () => void joinRoom(room.id));
      li.append(b);
      return li;
    }),
  );
}

async function joinRoom(roomId: string, rejoin = false): Promise<void> {
  if (!socket) return;
  const ack = await request(socket, "room:join", { roomId });
  if (!ack.ok) return announce(ack.error.message);
  const { room, present: here } = ack.data;
  if (!rejoin || currentRoom?.id !== roomId || !messages) {
    currentRoom = room;
    messages = new MessageList($<HTMLOListElement>("message-list"), (p) => void sendPending(p));
  }
  $("room").hidden = false;
  $("room-title").textContent = room.name;
  $("room-topic").textContent = room.topic ?? "";
  renderRoomState();
  present.clear();
  for (const u of here) present.set(u.id, u);
  renderPresence();
  if (messages.lastSeq === 0) {
    const page = await request(socket, "message:history", { roomId, limit: 50 });
    if (page.ok) page.data.messages.forEach((m) => messages?.add(m));
  }
  await gapFill(roomId);
  if (!rejoin) $("composer").focus();
}

/** Fetches everything after the last seq seen, page by page, so nothing is missed or doubled. */
async function gapFill(roomId: string): Promise<void> {
  for (;;) {
    if (!socket || !messages || currentRoom?.id !== roomId) return;
    const ack = await request(socket, "message:history", { roomId, after: messages.contiguousSeq, limit: HISTORY_PAGE });
    if (!ack.ok) return;
    ack.data.messages.forEach((m) => messages?.add(m));
    if (ack.data.messages.length < HISTORY_PAGE) return;
  }
}

async function sendPending(p: PendingMessage): Promise<void> {
  if (!socket || !currentRoom || !messages) return;
  p.state = "pending";
  messages.addPending(p);
  const ack = await request(socket, "message:send", { roomId: currentRoom.id, clientMsgId: p.clientMsgId, body: p.body });
  if (ack.ok) messages.add(ack.data);
  else {
    messages.fail(p.clientMsgId);
    announce(ack.error.message);
  }
}

function renderPresence(): void {
  $("presence-list").replaceChildren(
    ...[...present.values()].map((u) => {
      const li = document.createElement("li");
      li.textContent = u.displayName;
      return li;
    }),
  );
}

function renderTyping(): void {
  const names = [...typers.values()].map((t) => t.name);
  $("typing").textContent = names.length === 0 ? "" : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
}

function wireForms(): void {
  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const username = $<HTMLInputElement>("login-username").value;
    const password = $<HTMLInputElement>("login-password").value;
    $("login-error").textContent = "";
    const result = await login(username, password);
    if (!result.ok) return void ($("login-error").textContent = result.error.message);
    $<HTMLInputElement>("login-password").value = "";
    session.save(result.session);
    await start(result.session);
  });

  $("sign-out").addEventListener("click", () => signOut());

  $("create-room").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!socket) return;
    const name = $<HTMLInputElement>("create-room-name").value.trim();
    const topic = $<HTMLInputElement>("create-room-topic").value.trim();
    const ack = await request(socket, "room:create", topic ? { name, topic } : { name });
    if (!ack.ok) return announce(ack.error.message);
    $<HTMLInputElement>("create-room-name").value = "";
    $<HTMLInputElement>("create-room-topic").value = "";
    await loadRooms();
  });

  const composer = $<HTMLTextAreaElement>("composer");
  let lastTypingSent = 0;
  let idleTimer: number | undefined;
  const stopTyping = () => {
    if (socket && currentRoom && lastTypingSent) void request(socket, "typing:set", { roomId: currentRoom.id, typing: false });
    lastTypingSent = 0;
  };
  composer.addEventListener("input", () => {
    if (!socket || !currentRoom) return;
    if (Date.now() - lastTypingSent > TYPING_SEND_EVERY_MS) {
      lastTypingSent = Date.now();
      void request(socket, "typing:set", { roomId: currentRoom.id, typing: true });
    }
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  });
  composer.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      $<HTMLFormElement>("composer-form").requestSubmit();
    }
  });
  $("composer-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const body = composer.value.trim();
    if (!body) return;
    composer.value = "";
    window.clearTimeout(idleTimer);
    stopTyping();
    void sendPending({ clientMsgId: crypto.randomUUID(), body, state: "pending" });
  });
}

installSafetyControls();
wireForms();
const saved = session.load();
if (saved) void start(saved);
else showLogin();
