/**
 * The history of resolved flags on the dashboard: what happened and what was noted, newest first,
 * filtered by outcome and resolution date, a page at a time. It shows no message text; "Context"
 * opens the frozen context through flag:get, which the server records for private conversations.
 */
import { FLAG_OUTCOMES, type FlagHistoryItem, type FlagHistoryPage, type FlagOutcome } from "../../../shared/dto";
import type { FlagHistoryInput } from "../../../shared/schemas";
import { request } from "../connection";
import { fill, h, localTime } from "../dom";
import type { DetailTarget } from "./flags-detail";
import { OUTCOME_LABEL, outcomeLabel, SEVERITY_LABEL } from "./flags-format";
import type { ViewContext } from "./view";

const PAGE = 20;

export function createHistoryPanel(ctx: ViewContext, deps: { placeName(place: FlagHistoryItem["place"]): string; openContext(target: DetailTarget): void }) {
  let next: FlagHistoryPage["next"] = null;

  const outcome = h("select", { id: "history-outcome" },
    h("option", { value: "" }, "Any outcome"),
    ...FLAG_OUTCOMES.map((o) => h("option", { value: o }, OUTCOME_LABEL[o])));
  const from = h("input", { id: "history-from", type: "date" });
  const to = h("input", { id: "history-to", type: "date" });
  const list = h("ol", { id: "history-list", className: "review-list", attrs: { "aria-labelledby": "history-title" } });
  const status = h("p", { id: "history-status", className: "muted", attrs: { role: "status" } });
  const more = h("button", { type: "button", id: "history-more", className: "secondary", hidden: true, on: { click: () => void load(true) } }, "Show older");
  const form = h("form", { className: "history-filters", on: { submit: (e: SubmitEvent) => {
    e.preventDefault();
    void load(false);
  } } },
    h("label", { htmlFor: "history-outcome" }, "Outcome"), outcome,
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
      h("p", { className: "flag-meta" }, "From ", h("strong", null, f.authorName), " · resolved by ", f.resolvedByName ?? "a moderator",
        f.resolvedAt ? ` at ${localTime(f.resolvedAt)}` : "", ": ", outcomeLabel(f.outcome)),
      h("p", { className: "history-notes" }, f.notes ? `Notes: ${f.notes}` : "No notes."),
      h("div", { className: "flag-actions" }, context));
  }

  /** A date field read as the start of that day (UTC), the `to` day included. */
  const day = (v: string, plusDays = 0) => (v ? new Date(Date.parse(`${v}T00:00:00Z`) + plusDays * 86_400_000).toISOString() : undefined);

  async function load(older: boolean): Promise<void> {
    const q: FlagHistoryInput = { limit: PAGE };
    if (outcome.value) q.outcome = outcome.value as FlagOutcome;
    if (from.value) q.from = day(from.value);
    if (to.value) q.to = day(to.value, 1);
    if (older && next) q.before = next;
    const ack = await request(ctx.socket, "flag:history", q);
    if (!ack.ok) {
      status.textContent = `The history could not be loaded: ${ack.error.message}`;
      return;
    }
    if (!older) fill(list);
    list.append(...ack.data.items.map(render));
    next = ack.data.next;
    more.hidden = next === null;
    status.textContent = list.children.length === 0 ? "No resolved flags match." : `${list.children.length} resolved flag${list.children.length === 1 ? "" : "s"} shown.`;
  }

  // Loaded when first opened: most visits to the dashboard are about the open flags.
  element.addEventListener("toggle", () => {
    if (element.open && list.children.length === 0) void load(false);
  });

  return { element, reload: () => (element.open ? load(false) : Promise.resolve()) };
}
