/**
 * The history of resolved flags on the dashboard: what happened and what was noted, newest first,
 * filtered by outcome, place, resolution date and words in the notes, a page at a time. The server
 * does the filtering (notes are sealed at rest; it searches after opening them, a bounded number at
 * a time). It shows no message text; "Context" opens the frozen context through flag:get, which the
 * server records for private conversations.
 */
import { FLAG_OUTCOMES, type FlagHistoryItem, type FlagHistoryPage, type FlagOutcome } from "../../../shared/dto";
import type { FlagHistoryInput } from "../../../shared/schemas";
import { listRooms, request } from "../connection";
import { fill, h, localTime } from "../dom";
import type { DetailTarget } from "./flags-detail";
import { OUTCOME_LABEL, outcomeLabel, SEVERITY_LABEL } from "./flags-format";
import type { ViewContext } from "./view";

const PAGE = 20;
/** Typing pauses this long before the list follows: one search per word, not per key. */
const TYPING_PAUSE_MS = 300;

export function createHistoryPanel(ctx: ViewContext, deps: { placeName(place: FlagHistoryItem["place"]): string; openContext(target: DetailTarget): void }) {
  let next: FlagHistoryPage["next"] = null;

  const outcome = h("select", { id: "history-outcome" },
    h("option", { value: "" }, "Any outcome"),
    ...FLAG_OUTCOMES.map((o) => h("option", { value: o }, OUTCOME_LABEL[o])));
  const place = h("select", { id: "history-place" }, h("option", { value: "" }, "Any place"));
  const query = h("input", { id: "history-query", type: "search", maxLength: 100, placeholder: "Words in notes or categories", attrs: { "aria-describedby": "history-query-hint" } });
  const from = h("input", { id: "history-from", type: "date" });
  const to = h("input", { id: "history-to", type: "date" });
  const list = h("ol", { id: "history-list", className: "review-list", attrs: { "aria-labelledby": "history-title" } });
  const status = h("p", { id: "history-status", className: "muted", attrs: { role: "status" } });
  const more = h("button", { type: "button", id: "history-more", className: "secondary", hidden: true, on: { click: () => void load(true) } }, "Show older");
  const form = h("form", { className: "history-filters", on: { submit: (e: SubmitEvent) => {
    e.preventDefault();
    void load(false);
  } } },
    h("label", { htmlFor: "history-query" }, "Search notes"), query,
    h("span", { id: "history-query-hint", className: "muted" }, "Reads up to 500 resolved flags per search, newest first."),
    h("label", { htmlFor: "history-outcome" }, "Outcome"), outcome,
    h("label", { htmlFor: "history-place" }, "Place"), place,
    h("label", { htmlFor: "history-from" }, "Resolved from"), from,
    h("label", { htmlFor: "history-to" }, "to"), to,
    h("button", { type: "submit", id: "history-search" }, "Search history"));
  const element = h("details", { id: "history-view", className: "history-view" },
    h("summary", null, h("span", { id: "history-title" }, "Resolved flags: history")),
    form, status, list, more);

  function render(f: FlagHistoryItem): HTMLLIElement {
    const context = h("button", { type: "button", className: "history-open secondary", attrs: { "aria-label": `Context of the flag from ${f.authorName}` } }, "Context");
    context.addEventListener("click", () => deps.openContext({ id: f.id, place: f.place, opener: context }));
    return h("li", { className: "history-item", attrs: { "data-flag-id": f.id, "data-outcome": f.outcome ?? "" } },
      h("h4", { className: "flag-title" }, SEVERITY_LABEL[f.severity], " ", deps.placeName(f.place)),
      h("p", { className: "flag-meta" }, "From ", h("strong", { dir: "auto" }, f.authorName), " · resolved by ", f.resolvedByName ?? "a moderator",
        f.resolvedAt ? ` at ${localTime(f.resolvedAt)}` : "", ": ", outcomeLabel(f.outcome)),
      h("p", { className: "history-notes" }, ...(f.notes ? ["Notes: ", h("span", { dir: "auto" }, f.notes)] : ["No notes."])),
      h("div", { className: "flag-actions" }, context));
  }

  /** A date field read as the start of that day (UTC), the `to` day included. */
  const day = (v: string, plusDays = 0) => (v ? new Date(Date.parse(`${v}T00:00:00Z`) + plusDays * 86_400_000).toISOString() : undefined);

  let loads = 0;
  async function load(older: boolean): Promise<void> {
    const seq = ++loads;
    const q: FlagHistoryInput = { limit: PAGE };
    if (outcome.value) q.outcome = outcome.value as FlagOutcome;
    const [kind, id] = place.value.split(":");
    if ((kind === "room" || kind === "conversation") && id) q.place = { kind, id };
    if (query.value.trim()) q.query = query.value.trim();
    if (from.value) q.from = day(from.value);
    if (to.value) q.to = day(to.value, 1);
    if (older && next) q.before = next;
    const ack = await request(ctx.socket, "flag:history", q);
    if (!ack.ok) {
      status.textContent = `The history could not be loaded: ${ack.error.message}`;
      return;
    }
    // A later search overtook this one while it was on its way: its answer is stale.
    if (seq !== loads) return;
    if (!older) fill(list);
    list.append(...ack.data.items.map(render));
    for (const item of ack.data.items) knowPlace(item.place, item.authorName);
    next = ack.data.next;
    more.hidden = next === null;
    more.textContent = q.query ? "Search older" : "Show older";
    const shown = list.children.length === 0 ? "No resolved flags match." : `${list.children.length} resolved flag${list.children.length === 1 ? "" : "s"} shown.`;
    // The search reads a bounded number of flags: say so, so an empty answer is not taken as "none ever".
    status.textContent = ack.data.searchedUpTo !== undefined && next !== null ? `${shown} Searched ${ack.data.searchedUpTo} resolved flags; "Search older" looks further back.` : shown;
  }

  /** A place to filter by: every room, and each private conversation the history has shown. */
  function knowPlace(p: FlagHistoryItem["place"], author?: string): void {
    const value = `${p.kind}:${p.id}`;
    if ([...place.options].some((o) => o.value === value)) return;
    // Private conversations have no name: whose it is tells them apart.
    const label = p.kind === "conversation" && author ? `${deps.placeName(p)} (${author})` : deps.placeName(p);
    place.append(h("option", { value, dir: "auto" }, label));
  }

  async function loadPlaces(): Promise<void> {
    const rooms = await listRooms(ctx.socket);
    if (rooms.ok) for (const r of rooms.data.rooms) knowPlace({ kind: "room", id: r.id });
  }

  let typing: number | undefined;
  query.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void load(false), TYPING_PAUSE_MS);
  });
  place.addEventListener("change", () => void load(false));

  // Loaded when first opened: most visits to the dashboard are about the open flags.
  element.addEventListener("toggle", () => {
    if (element.open && list.children.length === 0) void loadPlaces().then(() => load(false));
  });

  return { element, reload: () => (element.open ? load(false) : Promise.resolve()) };
}
