/**
 * One person's moderation history, for moderators and admins: every mute and ban they have had
 * and each action taken on them, newest first. Reasons are what a moderator wrote, in any
 * language, so they keep their own direction.
 */
import type { MemberModerationHistory, SanctionView } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h, localTime } from "../dom";
import type { ViewContext } from "./view";

const ACTION_LABEL: Record<string, string> = {
  warn: "Warned",
  mute: "Muted",
  unmute: "Unmuted",
  remove: "Removed",
  ban: "Banned",
  unban: "Unbanned",
  "message.delete": "Message deleted",
};

const STATE_LABEL: Record<SanctionView["state"], string> = { active: "in force", lifted: "lifted", expired: "ended" };

export function sanctionText(s: SanctionView): string {
  const what = s.kind === "mute" ? "Muted" : s.roomId === null ? "Banned from all sessions" : "Banned";
  const until = s.expiresAt ? ` until ${localTime(s.expiresAt)}` : " until lifted";
  return `${what}${until} (${STATE_LABEL[s.state]}), by ${s.createdByName}, ${localTime(s.createdAt)}`;
}

/** A reason as written, or a plain "no reason given". */
export const reasonEl = (reason: string | null) =>
  reason ? h("span", { className: "sanction-reason" }, "Reason: ", h("span", { dir: "auto" }, reason)) : h("span", { className: "muted" }, "No reason given.");

/** A button that shows the person's history in `slot` (replacing what was there) and focuses its heading. */
export function memberHistoryButton(ctx: ViewContext, user: { id: string; displayName: string }, slot: HTMLElement): HTMLButtonElement {
  return h("button", {
    type: "button",
    className: "secondary member-history-open",
    attrs: { "aria-label": `Moderation history of ${user.displayName}` },
    on: { click: () => void showMemberHistory(ctx, user, slot) },
  }, "Moderation history");
}

export async function showMemberHistory(ctx: ViewContext, user: { id: string; displayName: string }, slot: HTMLElement): Promise<void> {
  // Where focus goes back on Close: the button that opened it.
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const title = h("h4", { tabIndex: -1, className: "member-history-title" }, "Moderation history of ", h("span", { dir: "auto" }, user.displayName));
  fill(slot, title, h("p", { className: "muted" }, "Loading…"));
  slot.hidden = false;
  const ack = await request(ctx.socket, "moderation:member_history", { userId: user.id });
  if (!ack.ok) {
    fill(slot, title, h("p", { className: "error", attrs: { role: "alert" } }, ack.error.message));
    title.focus();
    return;
  }
  render(slot, title, ack.data, opener);
  title.focus();
}

function render(slot: HTMLElement, title: HTMLElement, hist: MemberModerationHistory, opener: HTMLElement | null): void {
  const closeHistory = () => {
    slot.hidden = true;
    fill(slot);
    if (opener?.isConnected) opener.focus();
  };
  const close = h("button", { type: "button", className: "secondary", on: { click: closeHistory } }, "Close history");
  fill(slot, title,
    h("h5", null, "Mutes and bans"),
    hist.sanctions.length === 0
      ? h("p", { className: "muted" }, "None.")
      : h("ul", { className: "member-sanctions" }, ...hist.sanctions.map((s) => h("li", { attrs: { "data-state": s.state, "data-kind": s.kind } }, sanctionText(s), ". ", reasonEl(s.reason)))),
    h("h5", null, "Actions taken"),
    hist.actions.length === 0
      ? h("p", { className: "muted" }, "None.")
      : h("ol", { className: "member-actions" }, ...hist.actions.map((a) => h("li", { attrs: { "data-action": a.action } },
          `${localTime(a.at)}: ${ACTION_LABEL[a.action] ?? a.action} by `, h("span", { dir: "auto" }, a.actorName), ". ", a.reason ? reasonEl(a.reason) : null))),
    close);
}
