/**
 * Upcoming sessions in the viewer's local time, with register / unregister and a join button that
 * becomes active when the session's window opens; the sessions a peer supporter facilitates; the
 * standing rooms; and, for staff, creating a room and watching any session.
 */
import type { Room, Session } from "../../../shared/dto";
import { listRooms, request } from "../connection";
import { fill, h, localTime, unreadBadge } from "../dom";
import type { View, ViewContext } from "./view";

/** Re-check the clock this often, so a join button turns on when its window opens. */
const TICK_MS = 20_000;

const isStaff = (ctx: ViewContext) => ctx.me.user.role === "moderator" || ctx.me.user.role === "admin";
const facilitates = (ctx: ViewContext, s: Session) => s.facilitatorIds.includes(ctx.me.user.id) || s.moderatorIds.includes(ctx.me.user.id);
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Whether this user may enter the room now; otherwise why not, in plain words. */
export function joinState(ctx: ViewContext, s: Session, now = Date.now()): { ok: true } | { ok: false; why: string } {
  if (s.state === "cancelled") return { ok: false, why: "This session was cancelled." };
  if (s.state === "ended" || now >= new Date(s.endsAt).getTime()) return { ok: false, why: "This session has ended." };
  if (isStaff(ctx) || facilitates(ctx, s)) return { ok: true };
  if (s.myRegistration === "waitlisted") return { ok: false, why: "You are on the waitlist. We will tell you if a place opens up." };
  if (s.audience === "invite" && s.myRegistration !== "registered") return { ok: false, why: "Register to join this session." };
  if (now < new Date(s.joinOpensAt).getTime()) return { ok: false, why: `You can join from ${clock(s.joinOpensAt)}.` };
  return { ok: true };
}

export const sessionsView: View = (root, ctx) => {
  let sessions: Session[] = [];
  let rooms: Room[] = [];
  let error = "";
  const status = h("p", { className: "error", attrs: { role: "status" } });
  const mine = h("section", { attrs: { "aria-labelledby": "facilitating-title" } });
  const upcoming = h("ul", { className: "cards", id: "session-list" });
  const roomList = h("ul", { className: "cards", id: "room-list" });

  const staffForm = isStaff(ctx) ? createRoomForm() : null;
  fill(
    root,
    h("h2", null, "Sessions"),
    status,
    mine,
    h("section", { attrs: { "aria-labelledby": "upcoming-title" } }, h("h3", { id: "upcoming-title" }, "Upcoming sessions"), upcoming),
    h("section", { attrs: { "aria-labelledby": "rooms-title" } }, h("h3", { id: "rooms-title" }, "Rooms"), roomList, staffForm),
  );

  let joinSig = "";
  const joinSignature = () => sessions.map((s) => joinState(ctx, s).ok).join();

  function render(): void {
    // Rebuilding replaces the buttons: give focus back to the one the person was on.
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
    joinSig = joinSignature();
    status.textContent = error;
    const facilitating = sessions.filter((s) => facilitates(ctx, s));
    mine.hidden = facilitating.length === 0;
    fill(mine, h("h3", { id: "facilitating-title" }, "Sessions you facilitate"), h("ul", { className: "cards" }, ...facilitating.map(sessionCard)));
    const others = sessions.filter((s) => !facilitates(ctx, s));
    fill(upcoming, ...(others.length ? others.map(sessionCard) : [h("li", { className: "muted" }, "No upcoming sessions.")]));
    fill(
      roomList,
      ...rooms.map((r) =>
        h(
          "li",
          { className: "room-item" },
          h("button", { type: "button", className: "link", attrs: { "data-key": `room:${r.id}` }, on: { click: () => ctx.navigate("room", { roomId: r.id }) } }, h("span", { dir: "auto" }, r.name), unreadBadge(r.unread ?? 0)),
          r.topic ? h("span", { className: "muted", dir: "auto" }, ` ${r.topic}`) : null,
          isStaff(ctx) ? h("button", { type: "button", className: "secondary", attrs: { "aria-label": `Watch ${r.name}` }, on: { click: () => ctx.navigate("room", { roomId: r.id, watch: "1" }) } }, "Watch") : null,
        ),
      ),
    );
    if (focused) root.querySelector<HTMLElement>(`[data-key="${focused}"]`)?.focus();
  }

  function sessionCard(s: Session): HTMLLIElement {
    const join = joinState(ctx, s);
    const places = `${s.registeredCount} of ${s.capacity} places taken${s.waitlistCount ? `, ${s.waitlistCount} waiting` : ""}`;
    const mineText = s.myRegistration === "registered" ? "You are registered." : s.myRegistration === "waitlisted" ? "You are on the waitlist." : "";
    const open = s.state !== "cancelled" && s.state !== "ended";
    const canRegister = open && !isStaff(ctx) && !facilitates(ctx, s);
    return h(
      "li",
      { className: "card session", attrs: { "data-session-id": s.id } },
      h("h4", { dir: "auto" }, s.title),
      h("p", null, h("time", { dateTime: s.startsAt }, localTime(s.startsAt)), ` to ${clock(s.endsAt)}`, s.state === "cancelled" ? " · cancelled" : ""),
      s.topic ? h("p", { className: "muted", dir: "auto" }, s.topic) : null,
      s.description ? h("p", null, s.description) : null,
      h("p", { className: "muted" }, places, mineText ? ` · ${mineText}` : ""),
      h(
        "div",
        { className: "actions" },
        canRegister && !s.myRegistration ? h("button", { type: "button", className: "secondary", attrs: { "data-key": `${s.id}:reg` }, on: { click: () => void register(s, true) } }, "Register") : null,
        canRegister && s.myRegistration ? h("button", { type: "button", className: "secondary", attrs: { "data-key": `${s.id}:reg` }, on: { click: () => void register(s, false) } }, s.myRegistration === "waitlisted" ? "Leave the waitlist" : "Unregister") : null,
        h("button", { type: "button", disabled: !join.ok, attrs: { "aria-describedby": join.ok ? null : `why-${s.id}`, "data-key": `${s.id}:join` }, on: { click: () => ctx.navigate("room", { roomId: s.roomId, sessionId: s.id }) } }, "Join"),
        isStaff(ctx) && open ? h("button", { type: "button", className: "secondary", on: { click: () => ctx.navigate("room", { roomId: s.roomId, sessionId: s.id, watch: "1" }) } }, "Watch") : null,
      ),
      join.ok ? null : h("p", { className: "muted", id: `why-${s.id}` }, join.why),
    );
  }

  async function register(s: Session, on: boolean): Promise<void> {
    try {
      const { session } = await ctx.api<{ session: Session }>(on ? "PUT" : "DELETE", `/api/sessions/${s.id}/registration`);
      sessions = sessions.map((x) => (x.id === s.id ? session : x));
      error = "";
      ctx.announce(session.myRegistration === "registered" ? `Registered for ${s.title}.` : session.myRegistration === "waitlisted" ? `The session is full: you are on the waitlist for ${s.title}.` : `No longer registered for ${s.title}.`);
    } catch (e) {
      error = (e as Error).message;
    }
    render();
  }

  function createRoomForm(): HTMLFormElement {
    // A refusal is shown next to the field it is about, not only read out: a silent failure left
    // moderators thinking the room existed.
    const problem = h("p", { id: "create-room-error", className: "error", attrs: { role: "alert" } });
    const name = h("input", { id: "create-room-name", required: true, maxLength: 100, attrs: { "aria-describedby": "create-room-error" } });
    const topic = h("input", { id: "create-room-topic", maxLength: 500 });
    const refuse = (message: string) => {
      problem.textContent = message;
      name.setAttribute("aria-invalid", "true");
      name.focus();
    };
    const form: HTMLFormElement = h(
      "form",
      {
        id: "create-room",
        className: "card",
        attrs: { novalidate: "" },
        on: {
          submit: (e: SubmitEvent) => {
            e.preventDefault();
            const n = name.value.trim();
            if (!n) return refuse("Give the room a name.");
            const t = topic.value.trim();
            void request(ctx.socket, "room:create", t ? { name: n, topic: t } : { name: n }).then((ack) => {
              if (!ack.ok) return refuse(ack.error.message);
              problem.textContent = "";
              name.removeAttribute("aria-invalid");
              form.reset();
              ctx.announce(`Room ${n} created.`);
              void load();
            });
          },
        },
      },
      h("h3", null, "Create a room"),
      h("label", { htmlFor: "create-room-name" }, "Name"),
      name,
      problem,
      h("label", { htmlFor: "create-room-topic" }, "Topic"),
      topic,
      h("button", { id: "create-room-submit", type: "submit" }, "Create"),
    );
    return form;
  }

  async function load(): Promise<void> {
    const [s, r] = await Promise.all([
      ctx.api<{ sessions: Session[] }>("GET", "/api/sessions").catch((e: Error) => e),
      listRooms(ctx.socket),
    ]);
    if (s instanceof Error) error = s.message;
    else {
      sessions = s.sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      error = "";
    }
    if (r.ok) rooms = r.data.rooms.filter((room) => room.sessionId === null);
    render();
  }

  // Counts move live: others' messages in rooms the person is in, and reading on any of their devices.
  ctx.on("room:activity", ({ roomId, seq }) => {
    const r = rooms.find((x) => x.id === roomId);
    if (!r || r.unread === undefined || seq <= (r.lastReadSeq ?? 0)) return;
    r.unread += 1;
    render();
  });
  ctx.on("room:read_mark", ({ roomId, seq, unread }) => {
    const r = rooms.find((x) => x.id === roomId);
    if (!r || r.unread === undefined) return;
    r.lastReadSeq = Math.max(r.lastReadSeq ?? 0, seq);
    r.unread = unread;
    render();
  });
  ctx.on("session:updated", () => void load());
  ctx.on("session:cancelled", () => void load());
  ctx.on("session:promoted", () => void load());
  ctx.onReconnect(() => void load());
  const tick = window.setInterval(() => joinSignature() !== joinSig && render(), TICK_MS);
  void load();
  return () => window.clearInterval(tick);
};
