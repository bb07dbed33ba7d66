/**
 * What an open conversation shows beyond its messages, by kind and role: in a check-in, who reads
 * it (the member must know every moderator can) and, for staff, closing it; in a peer's own
 * conversation, "Ask a moderator" with an optional note the member never sees.
 */
import { MODERATION_TEAM_ID, type ConversationSummary } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h } from "../dom";
import type { ViewContext } from "./view";

export interface ThreadExtras {
  element: HTMLElement;
  /** Redraws for the open conversation (undefined: none open). */
  update(c: ConversationSummary | undefined): void;
}

export const isStaffRole = (role: string): boolean => role === "moderator" || role === "admin";

export function createThreadExtras(ctx: ViewContext): ThreadExtras {
  const staff = isStaffRole(ctx.me.user.role);
  const notice = h("p", { id: "checkin-notice", className: "notice", attrs: { role: "note" }, hidden: true });
  const closeBtn = h("button", { type: "button", id: "checkin-close", className: "secondary small", hidden: true, on: { click: () => void closeCheckin() } }, "Close this check-in");
  const status = h("p", { id: "ask-moderator-status", className: "muted", attrs: { role: "status" } });
  const askBtn = h("button", { type: "button", id: "ask-moderator", className: "secondary small", hidden: true, on: { click: () => toggleForm(true) } }, "Ask a moderator");
  const note = h("textarea", { id: "ask-moderator-note", attrs: { maxlength: "500", rows: "2" } });
  const form = h("form", { id: "ask-moderator-form", hidden: true, on: { submit: (e: Event) => { e.preventDefault(); void ask(); } } },
    h("label", { htmlFor: "ask-moderator-note" }, "Note for the moderators (optional; the member does not see it)"),
    note,
    h("div", { className: "flag-actions" },
      h("button", { type: "submit" }, "Send to moderators"),
      h("button", { type: "button", className: "secondary", on: { click: () => toggleForm(false) } }, "Cancel")));
  const element = h("div", { className: "thread-extras" }, notice, closeBtn, askBtn, form, status);
  let current: ConversationSummary | undefined;

  function toggleForm(open: boolean): void {
    form.hidden = !open;
    askBtn.hidden = open || !canAsk(current);
    if (open) note.focus();
    else askBtn.focus();
  }

  const canAsk = (c: ConversationSummary | undefined) => !!c && ctx.me.user.role === "peer" && c.kind !== "checkin" && !c.readOnly;

  async function ask(): Promise<void> {
    if (!current) return;
    const text = note.value.trim();
    const ack = await request(ctx.socket, "conversation:escalate", { conversationId: current.id, ...(text ? { note: text } : {}) });
    if (!ack.ok) {
      status.textContent = ack.error.message;
      return;
    }
    note.value = "";
    status.textContent = "A moderator has been asked to look at this conversation.";
    toggleForm(false);
  }

  async function closeCheckin(): Promise<void> {
    if (!current) return;
    const ack = await request(ctx.socket, "checkin:close", { conversationId: current.id });
    ctx.announce(ack.ok ? "The check-in is closed." : ack.error.message);
  }

  return {
    element,
    update(c) {
      if (c?.id !== current?.id) {
        status.textContent = "";
        form.hidden = true;
      }
      current = c;
      const checkin = c?.kind === "checkin";
      notice.hidden = !checkin;
      if (checkin && c) {
        fill(notice, c.other.id === MODERATION_TEAM_ID
          ? "This is a check-in with the moderation team. Every moderator can read and answer it; whoever answers writes as the team. If a message may mean you are in danger, moderators are alerted as anywhere else."
          : `Check-in with ${c.other.displayName}. Every moderator and admin can read and answer it; ${c.other.displayName} sees your messages as from the moderation team.`);
      }
      closeBtn.hidden = !(checkin && staff && c && !c.readOnly);
      askBtn.hidden = !form.hidden || !canAsk(c);
    },
  };
}
