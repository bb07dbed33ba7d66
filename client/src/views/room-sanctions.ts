/**
 * The mutes and bans in force in a room, inside the room's moderation controls: who, until when,
 * why and by whom, with "Lift" (moderation:unmute or moderation:unban, checked and audited by the
 * server like any action) and, for moderators and admins, the person's moderation history.
 */
import type { SanctionView } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h } from "../dom";
import { memberHistoryButton, reasonEl, sanctionText } from "./member-history";
import type { ViewContext } from "./view";

export function roomSanctionsPanel(ctx: ViewContext, roomId: string): HTMLDetailsElement {
  const staff = ctx.me.user.role === "moderator" || ctx.me.user.role === "admin";
  const list = h("ul", { id: "room-sanctions-list", className: "room-sanctions" });
  const status = h("p", { id: "room-sanctions-status", className: "muted", attrs: { role: "status" } });
  const history = h("section", { id: "member-history", className: "member-history", hidden: true, attrs: { "aria-live": "polite" } });
  const refresh = h("button", { type: "button", className: "secondary", on: { click: () => void load() } }, "Refresh");
  const el = h("details", { id: "room-sanctions", className: "mod room-sanctions-panel" },
    h("summary", null, "Active mutes and bans"), status, list, refresh, history);

  async function lift(s: SanctionView, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const target = { roomId, userId: s.userId };
    const ack = s.kind === "mute"
      ? await request(ctx.socket, "moderation:unmute", target)
      : await request(ctx.socket, "moderation:unban", { ...target, scope: s.roomId === null ? "all" : "room" });
    if (!ack.ok) {
      status.textContent = ack.error.message;
      button.disabled = false;
      return;
    }
    status.textContent = `${s.kind === "mute" ? "Mute" : "Ban"} on ${s.userName} lifted.`;
    ctx.announce(status.textContent, "polite");
    await load();
    // The row is gone: keep the keyboard in the panel.
    (list.querySelector("button") ?? refresh).focus();
  }

  function row(s: SanctionView): HTMLLIElement {
    const liftButton = h("button", { type: "button", className: "secondary sanction-lift", attrs: { "aria-label": `Lift the ${s.kind} on ${s.userName}` } }, "Lift");
    liftButton.addEventListener("click", () => void lift(s, liftButton));
    return h("li", { className: "sanction", attrs: { "data-user-id": s.userId, "data-kind": s.kind } },
      h("strong", { dir: "auto" }, s.userName), ": ", sanctionText(s), ". ", reasonEl(s.reason),
      h("div", { className: "actions" }, liftButton, staff ? memberHistoryButton(ctx, { id: s.userId, displayName: s.userName }, history) : null));
  }

  async function load(): Promise<void> {
    const ack = await request(ctx.socket, "moderation:room_sanctions", { roomId });
    if (!ack.ok) {
      status.textContent = `The mutes and bans could not be loaded: ${ack.error.message}`;
      return;
    }
    fill(list, ...ack.data.sanctions.map(row));
    if (ack.data.sanctions.length === 0) status.textContent = "Nobody is muted or banned here.";
    else if (!status.textContent?.includes("lifted")) status.textContent = `${ack.data.sanctions.length} in force.`;
  }

  // Read when opened (and again on Refresh): most visits to a room never look.
  el.addEventListener("toggle", () => {
    if (el.open) {
      status.textContent = "";
      void load();
    }
  });
  return el;
}
