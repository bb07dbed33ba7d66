/**
 * The facilitator and moderator controls inside a room: actions on a user (warn, mute, unmute,
 * remove, ban, unban), on a message (delete), and on the room (lock, slow mode, pin, extend the
 * session). The server decides who may do what; a refusal is shown in plain words where it happened.
 */
import type { Ack } from "../../../shared/ack";
import type { Room, Session } from "../../../shared/dto";
import { request } from "../connection";
import { h } from "../dom";
import type { ViewContext } from "./view";
import { memberHistoryButton } from "./member-history";
import { roomSanctionsPanel } from "./room-sanctions";

const MUTE_CHOICES = [5, 15, 60, 24 * 60];
const SLOW_CHOICES = [0, 10, 30, 60, 120, 300];
const minutesLabel = (m: number) => (m < 60 ? `${m} minutes` : m === 60 ? "1 hour" : `${m / 60} hours`);

/** Runs one action and reports its outcome in `out` (a status line next to the control) and the live region. */
async function run<T>(ctx: ViewContext, out: HTMLElement, done: string, action: () => Promise<Ack<T>>): Promise<boolean> {
  const ack = await action();
  out.textContent = ack.ok ? done : ack.error.message;
  ctx.announce(out.textContent);
  return ack.ok;
}

/**
 * A disclosure whose contents are built the first time it opens: a moderator sees one under every
 * message, and most are never opened.
 */
function lazyDetails(summary: string, body: () => Node[]): HTMLDetailsElement {
  const details = h("details", { className: "mod" }, h("summary", null, summary));
  let built = false;
  details.addEventListener("toggle", () => {
    if (!details.open || built) return;
    built = true;
    details.append(...body());
  });
  return details;
}

/** When a removal ends, in the moderator's words: a standing room's removal has an end time, a session's lasts until it ends. */
const removedText = (name: string, until?: string) =>
  until
    ? `${name} was removed from this room and cannot come back until ${new Date(until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`
    : `${name} was removed from this session and cannot come back to it.`;

/** Every action on one user, for the presence list and (with `extra`) under their messages. */
export function userActions(ctx: ViewContext, roomId: string, user: { id: string; displayName: string }, extra?: { summary: string; body: () => Node }): HTMLDetailsElement {
  return lazyDetails(extra?.summary ?? `Actions for ${user.displayName}`, () => {
    const out = h("p", { className: "muted", attrs: { role: "status" } });
    const minutes = h("select", { attrs: { "aria-label": "Mute for" } }, ...MUTE_CHOICES.map((m) => h("option", { value: String(m) }, minutesLabel(m))));
    const staff = ctx.me.user.role === "moderator" || ctx.me.user.role === "admin";
    const target = { roomId, userId: user.id };
    /**
     * One action with its own reason box, emptied once the action succeeds: a shared box let an
     * old reason be sent, unseen, with the next action.
     */
    const action = (label: string, opts: { required: boolean; danger?: boolean; extra?: Node; go: (reason: string) => Promise<Ack<{ until?: string }>>; done: (ack: { until?: string }) => string }) => {
      const reason = h("input", { maxLength: 500, className: "mod-reason", attrs: { "aria-label": `Reason for ${label.toLowerCase()} (shown to ${user.displayName})${opts.required ? "" : ", optional"}` }, placeholder: opts.required ? "Reason" : "Reason (optional)" });
      const click = async () => {
        const why = reason.value.trim();
        if (opts.required && !why) {
          out.textContent = `Give a reason to ${label.toLowerCase()}.`;
          reason.focus();
          return;
        }
        const ack = await opts.go(why);
        out.textContent = ack.ok ? opts.done(ack.data) : ack.error.message;
        ctx.announce(out.textContent);
        if (ack.ok) reason.value = "";
      };
      const button = h("button", { type: "button", className: opts.danger ? "danger" : "secondary", on: { click: () => void click() } }, label);
      return h("div", { className: "actions mod-action" }, reason, ...(opts.extra ? [opts.extra] : []), button);
    };
    const withReason = (why: string) => (why ? { reason: why } : {});
    const historySlot = h("section", { className: "member-history", hidden: true });
    return [
      ...(extra ? [extra.body()] : []),
      action("Warn", { required: true, go: (why) => request(ctx.socket, "moderation:warn", { ...target, reason: why }), done: () => `${user.displayName} was warned.` }),
      action("Mute", {
        required: false,
        extra: minutes,
        go: (why) => request(ctx.socket, "moderation:mute", { ...target, minutes: Number(minutes.value), ...withReason(why) }),
        done: () => `${user.displayName} is muted for ${minutesLabel(Number(minutes.value))}.`,
      }),
      action("Remove", { required: false, danger: true, go: (why) => request(ctx.socket, "moderation:remove", { ...target, ...withReason(why) }), done: (d) => removedText(user.displayName, d.until) }),
      action("Ban from this room", { required: true, danger: true, go: (why) => request(ctx.socket, "moderation:ban", { ...target, scope: "room", reason: why }), done: () => `${user.displayName} is banned from this room.` }),
      ...(staff
        ? [action("Ban from all sessions", { required: true, danger: true, go: (why) => request(ctx.socket, "moderation:ban", { ...target, scope: "all", reason: why }), done: () => `${user.displayName} is banned from all sessions.` })]
        : []),
      h(
        "div",
        { className: "actions" },
        h("button", { type: "button", className: "secondary", on: { click: () => void run(ctx, out, `${user.displayName} can send again.`, () => request(ctx.socket, "moderation:unmute", target)) } }, "Unmute"),
        h("button", { type: "button", className: "secondary", on: { click: () => void run(ctx, out, `${user.displayName} is no longer banned from this room.`, () => request(ctx.socket, "moderation:unban", { ...target, scope: "room" })) } }, "Unban"),
        // A person's record across rooms is for moderators and admins (the server refuses others).
        staff ? memberHistoryButton(ctx, user, historySlot) : null,
      ),
      out,
      historySlot,
    ];
  });
}

/** Deleting one message, plus the actions on its author. */
export function messageActions(ctx: ViewContext, roomId: string, m: { id: string; authorId: string; authorName: string }): HTMLDetailsElement {
  return userActions(ctx, roomId, { id: m.authorId, displayName: m.authorName }, {
    summary: `Moderate (message by ${m.authorName})`,
    body: () => {
      const out = h("p", { className: "muted", attrs: { role: "status" } });
      const del = h("button", { type: "button", className: "danger", on: { click: () => void run(ctx, out, "The message was deleted.", () => request(ctx.socket, "message:delete", { roomId, messageId: m.id })) } }, "Delete this message");
      return h("div", { className: "actions" }, del, out);
    },
  });
}

/** Lock, slow mode, pinned announcement and, for a session, more time. */
export function roomControls(ctx: ViewContext, room: () => Room, session: () => Session | null): { el: HTMLDetailsElement; sync(): void } {
  const out = h("p", { className: "muted", attrs: { role: "status" } });
  const roomId = room().id;
  const slow = h("select", { id: "slow-mode", attrs: { "aria-label": "Slow mode" } }, ...SLOW_CHOICES.map((s) => h("option", { value: String(s) }, s === 0 ? "Off" : `One message per ${s} seconds`)));
  slow.value = String(room().slowModeSeconds);
  const pin = h("textarea", { id: "pin-body", rows: 2, maxLength: 4000 });
  const lock = h("button", {
    type: "button",
    id: "lock-room",
    className: "secondary",
    on: { click: () => void run(ctx, out, room().locked ? "The room is open again." : "The room is paused: only facilitators and moderators can send.", () => request(ctx.socket, "room:lock", { roomId, locked: !room().locked })) },
  });
  const extend = h("button", {
    type: "button",
    className: "secondary",
    on: {
      click: () => {
        const s = session();
        if (!s) return;
        void ctx.api<{ session: Session }>("POST", `/api/sessions/${s.id}/extend`, { minutes: 15 }).then(
          () => ((out.textContent = "The session was extended by 15 minutes."), ctx.announce(out.textContent)),
          (e: Error) => (out.textContent = e.message),
        );
      },
    },
  }, "Extend by 15 minutes");
  const el = h(
    "details",
    { className: "mod room-controls" },
    h("summary", null, "Room controls"),
    h("div", { className: "actions" }, lock, slow, h("button", { type: "button", className: "secondary", on: { click: () => void run(ctx, out, "Slow mode changed.", () => request(ctx.socket, "room:slow_mode", { roomId, seconds: Number(slow.value) })) } }, "Set slow mode"), extend),
    h("label", { htmlFor: "pin-body" }, "Announcement to pin"),
    pin,
    h(
      "div",
      { className: "actions" },
      h("button", { type: "button", className: "secondary", on: { click: () => pin.value.trim() && void run(ctx, out, "Announcement pinned.", () => request(ctx.socket, "room:pin", { roomId, body: pin.value.trim() })).then((ok) => ok && (pin.value = "")) } }, "Pin announcement"),
      h("button", { type: "button", className: "secondary", on: { click: () => void run(ctx, out, "Announcement removed.", () => request(ctx.socket, "room:pin", { roomId, body: null })) } }, "Remove pinned announcement"),
    ),
    out,
    roomSanctionsPanel(ctx, roomId),
  );
  /** Keeps the labels in step with the room. */
  const sync = () => {
    lock.textContent = room().locked ? "Unlock the room" : "Lock the room";
    extend.hidden = !session();
    if (document.activeElement !== slow) slow.value = String(room().slowModeSeconds);
  };
  sync();
  return { el, sync };
}
