/**
 * A peer supporter's caseload: each assigned member with unread messages and last activity, the
 * availability switch (members whose peer is away see the crisis resources instead of waiting),
 * a way into each conversation, and the sessions they facilitate, with a way into each room.
 */
import type { CaseloadEntry, PeerAvailability, Session } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h, localTime, reconcile, unreadBadge } from "../dom";
import type { View } from "./view";

export const caseloadView: View = (root, ctx) => {
  let entries: CaseloadEntry[] = [];
  let disposed = false;
  let reloadTimer: number | undefined;
  const list = h("ul", { id: "caseload-list", className: "cards" });
  const facilitating = h("ul", { id: "facilitating-list", className: "cards" });
  const status = h("p", { id: "availability-status", attrs: { role: "status" } });
  const awayMessage = h("input", { id: "away-message", maxLength: 500, placeholder: "e.g. Back on Monday morning" });
  let mine: PeerAvailability["status"] | null = null;

  const setAvailability = async (next: PeerAvailability["status"]) => {
    const message = awayMessage.value.trim();
    const ack = await request(ctx.socket, "availability:set", next === "away" && message ? { status: next, message } : { status: next });
    if (!ack.ok) return void (status.textContent = ack.error.message);
    mine = ack.data.status;
    renderAvailability();
    ctx.announce(status.textContent ?? "");
  };
  const availableBtn = h("button", { type: "button", id: "set-available", className: "secondary", on: { click: () => void setAvailability("available") } }, "I'm available");
  const awayBtn = h("button", { type: "button", id: "set-away", className: "secondary", on: { click: () => void setAvailability("away") } }, "I'm away");

  function renderAvailability(): void {
    status.textContent = mine === "away" ? "You are shown as away: your members see the crisis resources." : mine === "available" ? "You are shown as available." : "";
    availableBtn.setAttribute("aria-pressed", String(mine === "available"));
    awayBtn.setAttribute("aria-pressed", String(mine === "away"));
  }

  // One card per member, kept across reloads: the caseload reloads on every message, and the
  // button a keyboard user is on must not vanish under them.
  const cards = new Map<string, { li: HTMLLIElement; head: HTMLHeadingElement; meta: HTMLParagraphElement; alert: HTMLParagraphElement }>();
  const none = h("li", { className: "muted" }, "No members are assigned to you yet.");
  function render(): void {
    for (const id of cards.keys()) if (!entries.some((e) => e.member.id === id)) cards.delete(id);
    const lis = entries.map((e) => {
      let card = cards.get(e.member.id);
      if (!card) {
        const head = h("h4");
        const meta = h("p", { className: "muted" });
        // Only that a moderator was alerted: peers are never told what about.
        const alert = h("p", { className: "notice moderator-alerted" });
        const open = h("button", { type: "button", on: { click: () => ctx.navigate("conversations", { conversationId: e.conversationId }) } }, `Open conversation with ${e.member.displayName}`);
        card = { li: h("li", { className: "card", attrs: { "data-member-id": e.member.id } }, head, meta, alert, open), head, meta, alert };
        cards.set(e.member.id, card);
      }
      fill(card.head, e.member.displayName, unreadBadge(e.unread));
      card.alert.hidden = !e.moderatorAlerted;
      card.alert.textContent = e.moderatorAlerted ? `A moderator has been alerted about ${e.member.displayName}.` : "";
      fill(card.meta, e.lastActivityAt ? `Last activity ${localTime(e.lastActivityAt)}` : "No messages yet", ` · assigned ${localTime(e.assignedAt)}`);
      return card.li;
    });
    reconcile(list, lis.length ? lis : [none]);
  }

  async function loadSessions(): Promise<void> {
    const body = await ctx.api<{ sessions: Session[] }>("GET", "/api/sessions").catch(() => ({ sessions: [] as Session[] }));
    if (disposed) return;
    const mine = body.sessions.filter((s) => s.facilitatorIds.includes(ctx.me.user.id) && s.state !== "cancelled" && s.state !== "ended");
    fill(
      facilitating,
      ...(mine.length
        ? mine.map((s) =>
            h(
              "li",
              { className: "card" },
              h("h4", null, s.title),
              h("p", { className: "muted" }, `${localTime(s.startsAt)} · ${s.registeredCount} of ${s.capacity} registered`),
              h("button", { type: "button", className: "secondary", on: { click: () => ctx.navigate("room", { roomId: s.roomId, sessionId: s.id }) } }, `Open the room of ${s.title}`),
            ),
          )
        : [h("li", { className: "muted" }, "You are not facilitating any upcoming session.")]),
    );
  }

  async function load(): Promise<void> {
    try {
      const body = await ctx.api<{ caseload: CaseloadEntry[]; availability: PeerAvailability }>("GET", "/api/caseload");
      if (disposed) return;
      if (mine !== body.availability.status) {
        mine = body.availability.status;
        renderAvailability();
      }
      // A stable order (by name), so cards do not jump around as messages arrive.
      entries = body.caseload.sort((a, b) => a.member.displayName.localeCompare(b.member.displayName));
      render();
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  }
  // Several messages often arrive together: reload once for the lot.
  const reloadSoon = () => {
    window.clearTimeout(reloadTimer);
    reloadTimer = window.setTimeout(() => void load(), 300);
  };

  fill(
    root,
    h("h2", null, "Caseload"),
    h(
      "section",
      { className: "card", attrs: { "aria-labelledby": "availability-title" } },
      h("h3", { id: "availability-title" }, "Availability"),
      h("label", { htmlFor: "away-message" }, "Away message (optional)"),
      awayMessage,
      h("div", { className: "actions" }, availableBtn, awayBtn),
      status,
    ),
    h("section", { attrs: { "aria-labelledby": "members-title" } }, h("h3", { id: "members-title" }, "Your members"), list),
    h("section", { attrs: { "aria-labelledby": "facilitating-title" } }, h("h3", { id: "facilitating-title" }, "Sessions you facilitate"), facilitating),
  );
  renderAvailability();
  ctx.on("conversation:unread", reloadSoon);
  ctx.on("conversation:message", reloadSoon);
  ctx.on("conversation:updated", reloadSoon);
  ctx.on("peer:flag_notice", (n) => {
    const e = entries.find((x) => x.member.id === n.memberId);
    if (e) ctx.announce(n.active ? `A moderator has been alerted about ${e.member.displayName}.` : `Moderators have finished with the alert about ${e.member.displayName}.`);
    reloadSoon();
  });
  ctx.onReconnect(reloadSoon);
  ctx.on("session:updated", () => void loadSessions());
  void load();
  void loadSessions();
  return () => {
    disposed = true;
    window.clearTimeout(reloadTimer);
  };
};
