/**
 * The signed-in shell: one socket, the connection status, the role's navigation, the current view
 * and its subscriptions, token renewal, sign-out, and the notices that matter on every screen.
 * Views change in memory, never through history entries, so a quick exit leaves nothing of Haven
 * to go back to.
 */
import type { CrisisResource, LoginResponse } from "../../shared/dto";
import type { ServerToClientEvents } from "../../shared/events";
import { authedFetch, refresh, session } from "./api";
import { connect, request, type HavenSocket } from "./connection";
import { fill, h, unreadBadge } from "./dom";
import { noticeText } from "./notices";
import { notifyPrivateMessage, setUnreadTitle } from "./attention";
import { onQuickExit, openHelpPanel, showResources } from "./safety";
import type { ViewContext, ViewName } from "./views/view";
import { NAV, VIEWS, roleName, savedRoute, saveRoute } from "./navigation";

const REFRESH_BEFORE_EXPIRY_MS = 60_000;
const REFRESH_RETRY_MS = 30_000;
/** How many past announcements stay in each live region (screen readers read only additions). */
const LIVE_KEEP = 5;

const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
};

export function announce(text: string, politeness: "polite" | "assertive" = "polite"): void {
  const region = $(politeness === "assertive" ? "alerter" : "announcer");
  region.append(h("p", null, text));
  while (region.childElementCount > LIVE_KEEP) region.firstElementChild?.remove();
}

export interface Shell {
  signOut(message?: string): void;
}

export function startShell(initial: LoginResponse, resources: CrisisResource[], onSignedOut: (message: string) => void): Shell {
  let me = initial;
  let refreshTimer: number | undefined;
  let everConnected = false;
  let current: { name: ViewName; params: Record<string, string>; cleanup: () => void; offs: (() => void)[]; reconnects: (() => void)[] } | null = null;
  const unread = new Map<string, number>();
  const socket: HavenSocket = connect(me.token);
  const api = authedFetch(
    () => me.token,
    () => signOut("Your session has ended. Please sign in again."),
  );

  const status = (text: string, connected = false) => {
    const el = $("connection-status");
    el.textContent = text;
    el.classList.toggle("connected", connected);
  };

  // Built once and updated in place, so a focused item keeps its focus when a count changes.
  const navButtons = new Map<ViewName, { button: HTMLButtonElement; badge: HTMLSpanElement }>();
  fill(
    $("nav-list"),
    ...NAV[me.user.role].map(({ view, label }) => {
      const badge = h("span");
      const button = h("button", { type: "button", className: "nav-item", attrs: { "data-view": view }, on: { click: () => navigate(view) } }, label, badge);
      navButtons.set(view, { button, badge });
      return h("li", null, button);
    }),
  );

  function renderNav(): void {
    const total = [...unread.values()].reduce((a, b) => a + b, 0);
    // A room is entered from the sessions screen: keep that one marked while in it.
    const active = current?.name === "room" ? "sessions" : current?.name;
    for (const [view, { button, badge }] of navButtons) {
      if (active === view) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
      fill(badge, view === "conversations" ? unreadBadge(total) : null);
    }
    setUnreadTitle(total);
  }

  function navigate(name: ViewName, params: Record<string, string> = {}): void {
    if (current) teardown();
    const root = $("view");
    root.replaceChildren();
    const offs: (() => void)[] = [];
    const reconnects: (() => void)[] = [];
    const ctx: ViewContext = {
      get me() {
        return me;
      },
      socket,
      api,
      announce,
      navigate,
      on(event, handler) {
        socket.on(event, handler as never);
        offs.push(() => socket.off(event, handler as never));
      },
      onReconnect: (fn) => reconnects.push(fn),
      resources,
      // The view's own reason is what the person should read, even if the shell signed out a moment before.
      signOut: (message) => (ended ? onSignedOut(message) : signOut(message)),
    };
    current = { name, params, cleanup: () => undefined, offs, reconnects };
    saveRoute({ name, params });
    current.cleanup = VIEWS[name](root, ctx, params);
    renderNav();
    // Move focus to the new screen's heading, so keyboard and screen-reader users land there.
    const heading = root.querySelector<HTMLElement>("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }

  function teardown(): void {
    if (!current) return;
    const { cleanup, offs } = current;
    current = null;
    for (const off of offs) off();
    try {
      cleanup();
    } catch {
      // A view's cleanup must not keep the next one from showing.
    }
  }

  function scheduleRefresh(): void {
    window.clearTimeout(refreshTimer);
    const due = new Date(me.expiresAt).getTime() - Date.now() - REFRESH_BEFORE_EXPIRY_MS;
    refreshTimer = window.setTimeout(() => void renew(), Math.max(5_000, due));
  }

  /** Renews the token and learns the account as it is now; false when the person was signed out. */
  async function renew(): Promise<boolean> {
    const next = await refresh(me.token);
    if (next === null) {
      signOut("Your session has ended. Please sign in again.");
      return false;
    }
    if (next === "unreachable") {
      if (new Date(me.expiresAt).getTime() > Date.now()) refreshTimer = window.setTimeout(() => void renew(), REFRESH_RETRY_MS);
      return true;
    }
    me = next;
    session.save(me);
    // The open socket stays; its next reconnect must present the new token.
    socket.auth = { token: me.token };
    scheduleRefresh();
    return true;
  }

  /**
   * The server ends an account's connections when an admin changes it. The navigation is built for
   * one role, so a new role starts the page afresh (signed in, from sessionStorage); otherwise
   * reconnect, which socket.io does not do by itself after a server-side disconnect.
   */
  async function accountChanged(): Promise<void> {
    const role = me.user.role;
    if (!(await renew())) return;
    if (me.user.role !== role) return location.reload();
    socket.connect();
  }

  async function loadUnread(): Promise<void> {
    // Staff count the check-ins' unread messages: a member's answer must not go unnoticed.
    const ack = await request(socket, "conversation:list", {});
    if (!ack.ok) return;
    unread.clear();
    for (const c of ack.data.conversations) unread.set(c.id, c.unread);
    renderNav();
  }

  const global: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } = {
    "conversation:unread": ({ conversationId, unread: n }) => {
      unread.set(conversationId, n);
      renderNav();
    },
    // Only this person gets it: the help panel opens in place, without leaving the conversation.
    "support:offered": (offer) => {
      showResources(offer.resources, offer.message);
      openHelpPanel();
      announce(offer.message);
    },
    // The room shows its own notices in a status region; elsewhere the live region says it.
    "moderation:notice": (n) => {
      if (!(current?.name === "room" && current.params.roomId === n.roomId)) announce(noticeText(n));
    },
    "session:cancelled": ({ title }) => announce(`The session "${title}" was cancelled.`),
    "session:promoted": ({ title }) => announce(`A place opened up: you are now registered for "${title}".`),
    "flag:raised": (f) => announce(`New ${f.severity} crisis flag: ${f.authorName}.`, "assertive"),
    "flag:overdue": (f) => announce(`A ${f.severity} crisis flag for ${f.authorName} is still unclaimed.`, "assertive"),
  };
  for (const [event, fn] of Object.entries(global)) socket.on(event as keyof ServerToClientEvents, fn as never);
  // Someone else's private message while the tab is hidden: a notification without its words.
  socket.on("conversation:message", (m) => {
    if (m.authorId !== me.user.id) notifyPrivateMessage();
  });

  socket.on("connect", () => {
    status("Connected", true);
    void loadUnread();
    if (everConnected) for (const fn of current?.reconnects ?? []) fn();
    everConnected = true;
  });
  socket.on("disconnect", (reason) => {
    status("Reconnecting…");
    // The server ends connections when an account changes; a fresh handshake picks up the change.
    if (reason === "io server disconnect") void accountChanged();
  });
  // Another node's broadcasts may have been lost while this node was cut off from them.
  socket.on("server:resync", () => {
    for (const fn of current?.reconnects ?? []) fn();
  });
  socket.on("connect_error", (err) => {
    if (err.message === "unauthenticated") return signOut("Your session has ended. Please sign in again.");
    status("Offline, retrying…");
  });
  socket.on("server:restarting", () => status("Server restarting, reconnecting…"));

  // Once signed out, a late automatic sign-out (a renewal refused after the account was erased) changes nothing.
  let ended = false;
  function signOut(message = ""): void {
    if (ended) return;
    ended = true;
    teardown();
    socket.removeAllListeners();
    socket.disconnect();
    window.clearTimeout(refreshTimer);
    session.clear();
    saveRoute(null);
    status("offline");
    setUnreadTitle(0);
    $("nav").hidden = true;
    $("view").hidden = true;
    $("view").replaceChildren();
    onSignedOut(message);
  }
  onQuickExit(() => signOut());
  // A property, not a listener: signing in again in the same page must not stack handlers.
  $("sign-out").onclick = () => signOut();

  $("me").textContent = `${me.user.displayName} (${roleName(me.user.role)})`;
  $("nav").hidden = false;
  $("view").hidden = false;
  status("Connecting…");
  scheduleRefresh();
  renderNav();
  // The first screen waits for the first connection, so its requests are not left to time out
  // while the socket is still connecting; later screens rely on reconnect hooks instead.
  socket.once("connect", () => {
    if (current) return;
    const saved = savedRoute(me.user.role);
    navigate(saved?.name ?? NAV[me.user.role][0]?.view ?? "sessions", saved?.params);
  });
  return { signOut };
}
