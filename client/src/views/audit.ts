/**
 * The admins' audit view: who did what to whom, where and when, filtered by room, user, action and
 * time, newest first, with older pages on demand. The log holds no message bodies, and nothing here
 * would show one.
 */
import type { AuditEntry, Room, User } from "../../../shared/dto";
import { listRooms } from "../connection";
import { fill, h, localTime } from "../dom";
import type { View } from "./view";
import { ACTIONS } from "../audit-actions";

const PAGE = 50;


// Defence in depth: the server never writes message text to the log; if a field ever did, skip it.
const NEVER_SHOWN = new Set(["body", "text", "message"]);

export const auditView: View = (root, ctx) => {
  const users = new Map<string, User>();
  const rooms = new Map<string, Room>();
  let entries: AuditEntry[] = [];
  let query = new URLSearchParams();
  let alive = true;

  const action = h("select", { id: "audit-action", name: "action" }, h("option", { value: "" }, "Any action"),
    ...Object.entries(ACTIONS).map(([code, label]) => h("option", { value: code }, `${label} (${code})`)));
  const room = h("select", { id: "audit-room", name: "roomId" }, h("option", { value: "" }, "Any room"));
  const user = h("select", { id: "audit-user", name: "userId" }, h("option", { value: "" }, "Anyone"));
  const from = h("input", { id: "audit-from", name: "from", type: "datetime-local" });
  const to = h("input", { id: "audit-to", name: "to", type: "datetime-local" });
  const status = h("p", { id: "audit-status", className: "muted", attrs: { role: "status" } });
  const error = h("p", { id: "audit-error", className: "error", attrs: { role: "alert" } });
  const body = h("tbody", { id: "audit-rows" });
  const more = h("button", { id: "audit-more", type: "button", className: "secondary", hidden: true, on: { click: () => void loadOlder() } }, "Load older entries");

  const scroller = h("div", { className: "table-scroll", tabIndex: 0, attrs: { role: "region", "aria-labelledby": "audit-caption" } },
    h("table", { id: "audit-table", className: "audit-table" },
      h("caption", { id: "audit-caption" }, "Audit entries"),
      h("thead", null, h("tr", null, ...["When", "Who", "Action", "About whom", "Where", "Details"].map((c) => h("th", { scope: "col" }, c)))),
      body));

  const field = (label: string, control: HTMLElement) => h("div", { className: "audit-field" }, h("label", { htmlFor: control.id }, label), control);
  const form = h("form", { id: "audit-filters", className: "audit-filters", on: { submit: (e: SubmitEvent) => (e.preventDefault(), void search()) } },
    field("Action", action), field("Room", room), field("User (who acted, or was acted on)", user),
    field("From (your local time)", from), field("Until", to),
    h("div", { className: "flag-actions" },
      h("button", { type: "submit", id: "audit-apply" }, "Show entries"),
      h("button", { type: "button", className: "secondary", on: { click: () => (form.reset(), void search()) } }, "Clear filters")));

  fill(root,
    h("section", { id: "audit-view", className: "audit-view", attrs: { "aria-labelledby": "audit-title" } },
      h("h2", { id: "audit-title" }, "Audit log"),
      h("p", { className: "muted" }, "Every moderation action, flag handling and administrative change, newest first. Message text is never recorded here."),
      form, error, status,
      scroller,
      more));

  const nameOf = (id: string | null): string => {
    if (!id) return "—";
    const u = users.get(id);
    return u ? `${u.displayName} (${u.role})` : `unknown account ${id.slice(0, 8)}`;
  };

  function where(e: AuditEntry): string {
    if (e.roomId) return rooms.get(e.roomId)?.name ?? "a room";
    if (e.details && typeof e.details.conversationId === "string") return "a private conversation";
    if (e.sessionId) return "a session";
    return "—";
  }

  function detailsOf(e: AuditEntry): HTMLElement {
    const items: HTMLElement[] = [];
    if (e.reason) items.push(h("li", null, h("strong", null, "Reason: "), e.reason));
    for (const [key, value] of Object.entries(e.details ?? {})) {
      if (NEVER_SHOWN.has(key) || key === "conversationId") continue;
      const shown = key === "peerId" && typeof value === "string" ? nameOf(value)
        : Array.isArray(value) ? value.map(String).join(", ")
        : value !== null && typeof value === "object" ? JSON.stringify(value) : String(value);
      // "expiresInMinutes" reads as "expires in minutes".
      items.push(h("li", null, h("strong", null, `${key.replace(/([A-Z])/g, " $1").toLowerCase()}: `), shown));
    }
    return h("ul", { className: "audit-details" }, ...items);
  }

  function row(e: AuditEntry): HTMLTableRowElement {
    return h("tr", { attrs: { "data-action": e.action, "data-entry-id": e.id } },
      h("td", null, h("time", { dateTime: e.at }, localTime(e.at))),
      h("td", null, nameOf(e.actorId)),
      h("td", null, ACTIONS[e.action] ?? e.action, h("span", { className: "muted" }, ` (${e.action})`)),
      h("td", null, nameOf(e.targetUserId)),
      h("td", null, where(e)),
      h("td", null, detailsOf(e)));
  }

  function render(hasMore: boolean): void {
    fill(body, ...entries.map(row));
    if (entries.length === 0) fill(body, h("tr", null, h("td", { colSpan: 6, className: "muted" }, "No entries match these filters.")));
    status.textContent = `${entries.length} ${entries.length === 1 ? "entry" : "entries"} shown${hasMore ? ", older ones available" : ""}.`;
    more.hidden = !hasMore;
  }

  const isoOf = (local: string): string | null => (local ? new Date(local).toISOString() : null);

  async function fetchPage(params: URLSearchParams): Promise<AuditEntry[] | null> {
    try {
      const res = await ctx.api<{ entries: AuditEntry[] }>("GET", `/api/admin/audit?${params.toString()}`);
      error.textContent = "";
      return res.entries;
    } catch (e) {
      error.textContent = `The audit log could not be loaded: ${(e as Error).message}`;
      return null;
    }
  }

  async function search(): Promise<void> {
    query = new URLSearchParams({ limit: String(PAGE) });
    if (action.value) query.set("action", action.value);
    if (room.value) query.set("roomId", room.value);
    if (user.value) query.set("userId", user.value);
    const f = isoOf(from.value);
    const t = isoOf(to.value);
    if (f) query.set("from", f);
    if (t) query.set("to", t);
    status.textContent = "Loading…";
    const page = await fetchPage(query);
    if (!alive || !page) return;
    entries = page;
    render(page.length === PAGE);
  }

  /**
   * The route pages by time: ask for entries before the oldest shown. `to` is exclusive, so one
   * millisecond past it keeps entries that share that instant; the ones already shown are dropped.
   */
  async function loadOlder(): Promise<void> {
    const oldest = entries[entries.length - 1];
    if (!oldest) return;
    const params = new URLSearchParams(query);
    params.set("to", new Date(new Date(oldest.at).getTime() + 1).toISOString());
    const page = await fetchPage(params);
    if (!alive || !page) return;
    const seen = new Set(entries.map((e) => e.id));
    const fresh = page.filter((e) => !seen.has(e.id));
    entries = entries.concat(fresh);
    render(fresh.length > 0 && page.length === PAGE);
    // The button may have gone with the last page; keep the keyboard in the table, not on the body.
    if (more.hidden) scroller.focus();
  }

  async function loadChoices(): Promise<void> {
    const [u, r] = await Promise.all([
      ctx.api<{ users: User[] }>("GET", "/api/admin/users").catch(() => ({ users: [] as User[] })),
      listRooms(ctx.socket),
    ]);
    for (const x of u.users) users.set(x.id, x);
    if (r.ok) for (const x of r.data.rooms) rooms.set(x.id, x);
    const byName = <T>(items: T[], name: (t: T) => string) => items.sort((a, b) => name(a).localeCompare(name(b)));
    user.append(...byName([...users.values()], (x) => x.displayName).map((x) => h("option", { value: x.id }, `${x.displayName} (${x.username}, ${x.role})`)));
    room.append(...byName([...rooms.values()], (x) => x.name).map((x) => h("option", { value: x.id }, x.name)));
  }

  void loadChoices().then(() => {
    if (alive) void search();
  });

  return () => {
    alive = false;
  };
};
