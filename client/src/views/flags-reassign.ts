/**
 * "Reassign to…" in a claimed flag's context: hands the flag to another moderator or admin, who is
 * told on every tab (flag:assigned). The team is fetched when the control is built, so the list of
 * who is online is as fresh as the moment the moderator opened the flag.
 */
import type { FlagSummary, StaffMember } from "../../../shared/dto";
import { request } from "../connection";
import { h } from "../dom";
import type { ViewContext } from "./view";

export function reassignControl(ctx: ViewContext, flag: FlagSummary, done: (f: FlagSummary) => void): HTMLElement {
  const select = h("select", { id: "flag-reassign-to", disabled: true }, h("option", { value: "" }, "Loading the team…"));
  const button = h("button", { type: "button", id: "flag-reassign", className: "secondary", disabled: true }, "Reassign");
  const status = h("p", { id: "flag-reassign-status", className: "muted", attrs: { role: "status" } });

  const label = (s: StaffMember) => `${s.displayName}${s.role === "admin" ? " (admin)" : ""}${s.online ? ", online" : ", offline"}`;

  void request(ctx.socket, "staff:list", {}).then((ack) => {
    if (!ack.ok) {
      status.textContent = `The team could not be listed: ${ack.error.message}`;
      return;
    }
    // The current holder cannot be given what they already hold.
    const others = ack.data.staff.filter((s) => s.id !== flag.claimedBy);
    select.replaceChildren(
      h("option", { value: "" }, others.length ? "Choose a moderator" : "No one else on the team"),
      ...others.map((s) => h("option", { value: s.id, dir: "auto" }, label(s))),
    );
    select.disabled = others.length === 0;
  });
  select.addEventListener("change", () => (button.disabled = !select.value));

  button.addEventListener("click", async () => {
    const toUserId = select.value;
    if (!toUserId) return;
    const name = select.selectedOptions[0]?.textContent ?? "them";
    button.disabled = true;
    const ack = await request(ctx.socket, "flag:reassign", { flagId: flag.id, toUserId });
    if (!ack.ok) {
      status.textContent = ack.error.message;
      button.disabled = false;
      return;
    }
    // Handed on: this context no longer shows who holds it, so the control is done.
    select.disabled = true;
    status.textContent = `Handed to ${ack.data.claimedByName ?? name}.`;
    ctx.announce(status.textContent, "polite");
    done(ack.data);
  });

  return h("div", { className: "flag-reassign actions" },
    h("label", { htmlFor: "flag-reassign-to" }, "Reassign to…"), select, button, status);
}
