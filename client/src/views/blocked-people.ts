/**
 * "Blocked people" in the account screen: whom one has blocked in rooms, each with Unblock. The
 * list comes from the server (block:list), so it is the same on every device.
 */
import type { BlockedPerson } from "../../../shared/dto";
import { request } from "../connection";
import { h } from "../dom";
import type { ViewContext } from "./view";

export function blockedPeopleSection(ctx: Pick<ViewContext, "socket" | "announce">): HTMLElement {
  const list = h("ul", { id: "blocked-list", className: "blocked-list" });
  const status = h("p", { id: "blocked-status", className: "muted", attrs: { role: "status", tabindex: -1 } });

  const item = (p: BlockedPerson): HTMLLIElement => {
    const unblock = h("button", { type: "button", className: "secondary small", attrs: { "aria-label": `Unblock ${p.displayName}` } }, "Unblock");
    const li = h("li", null, h("span", { dir: "auto" }, p.displayName), " ", unblock);
    unblock.addEventListener("click", () => {
      unblock.disabled = true;
      void request(ctx.socket, "block:set", { userId: p.userId, blocked: false }).then((ack) => {
        unblock.disabled = false;
        if (!ack.ok) return void (status.textContent = ack.error.message);
        li.remove();
        status.textContent = `You unblocked ${p.displayName}. Their messages in rooms show again.`;
        ctx.announce(status.textContent);
        if (list.children.length === 0) list.append(h("li", { className: "muted" }, "You have not blocked anyone."));
        // The list is the next thing to read; its first button, or the list itself, takes focus.
        (list.querySelector("button") ?? status).focus();
      });
    });
    return li;
  };

  void request(ctx.socket, "block:list", {}).then((ack) => {
    if (!ack.ok) return void (status.textContent = `Your blocked people could not be loaded: ${ack.error.message}`);
    list.replaceChildren(...(ack.data.people.length ? ack.data.people.map(item) : [h("li", { className: "muted" }, "You have not blocked anyone.")]));
  });

  return h(
    "section",
    { id: "blocked-people", className: "card", attrs: { "aria-labelledby": "blocked-title" } },
    h("h3", { id: "blocked-title" }, "Blocked people"),
    h("p", null, "Their messages, typing and reactions in rooms are hidden from you. They are not told. Peer supporters and moderators cannot be blocked, so support and moderation always reach you."),
    list,
    status,
  );
}
