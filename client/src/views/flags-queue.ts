/**
 * The paging queue on the dashboard: one row per open flag, most urgent first, kept and updated in
 * place so that a live update never takes away a half-written note or the keyboard focus; the
 * places with open flags; and what was resolved while the moderator was here.
 */
import type { FlagOutcome, FlagSummary } from "../../../shared/dto";
import { fill, h, localTime } from "../dom";
import type { DetailTarget } from "./flags-detail";
import { ageText, byUrgency, categoryLabel, DISPOSITION_LABEL, OUTCOME_LABEL, outcomeLabel, reasonsText, SEVERITY_LABEL, SEVERITY_MARK } from "./flags-format";
import type { ViewContext } from "./view";

export interface Row {
  li: HTMLLIElement;
  title: HTMLHeadingElement;
  meta: HTMLParagraphElement;
  words: HTMLParagraphElement;
  status: HTMLParagraphElement;
  error: HTMLParagraphElement;
  claim: HTMLButtonElement;
  unclaim: HTMLButtonElement;
  release: HTMLButtonElement;
  resolve: HTMLDetailsElement;
}

export interface QueueState {
  flags: Map<string, FlagSummary>;
  overdue: Set<string>;
  resolvedHere: FlagSummary[];
}

export interface FlagQueueView {
  sections: { open: HTMLElement; places: HTMLElement; resolved: HTMLElement };
  rows: Map<string, Row>;
  renderList(): void;
  renderResolved(): void;
  statusText(f: FlagSummary): string;
  personName(id: string | null, name: string | null | undefined): string;
}

export function createFlagQueue(
  ctx: ViewContext,
  state: QueueState,
  deps: {
    heading: HTMLElement;
    placeName(place: FlagSummary["place"]): string;
    claim(id: string): void;
    unclaim(id: string): void;
    resolve(id: string, outcome: FlagOutcome, notes: string): void;
    openContext(target: DetailTarget): void;
  },
): FlagQueueView {
  const { flags, overdue, resolvedHere } = state;
  const rows = new Map<string, Row>();
  const empty = h("p", { id: "flags-empty", className: "muted", hidden: true }, "No open flags. New ones appear here as soon as they are raised.");
  const list = h("ol", { id: "flag-list", className: "flag-list", attrs: { "aria-labelledby": "flags-open-title" } });
  const places = h("ul", { id: "flag-places", className: "flag-places" });
  const resolvedList = h("ul", { id: "flags-resolved", className: "flags-resolved" });
  const resolvedSection = h("section", { attrs: { "aria-labelledby": "flags-resolved-title" }, hidden: true },
    h("h3", { id: "flags-resolved-title" }, "Resolved while you were here"), resolvedList);
  const sections = {
    open: h("section", { attrs: { "aria-labelledby": "flags-open-title" } }, h("h3", { id: "flags-open-title" }, "Open flags, most urgent first"), empty, list),
    places: h("section", { attrs: { "aria-labelledby": "flags-places-title" } }, h("h3", { id: "flags-places-title" }, "Places with open flags"), places),
    resolved: resolvedSection,
  };

  function personName(id: string | null, name: string | null | undefined): string {
    if (!id) return "";
    return id === ctx.me.user.id ? "you" : (name ?? "another moderator");
  }

  function statusText(f: FlagSummary): string {
    const held = f.held ? " A message is held from the room for review." : "";
    if (f.status === "resolved") return `Resolved by ${personName(f.resolvedBy, f.resolvedByName)}: ${outcomeLabel(f.outcome)}.${held}`;
    const late = overdue.has(f.id) ? "Overdue. " : "";
    if (f.status === "claimed") return `${late}Claimed by ${personName(f.claimedBy, f.claimedByName)}${f.claimedAt ? ` at ${localTime(f.claimedAt)}` : ""}.${held}`;
    return `${late}Open, nobody has claimed it yet.${held}`;
  }

  const ageEl = (iso: string) => h("time", { className: "flag-age", dateTime: iso }, ageText(iso));

  function makeRow(f: FlagSummary): Row {
    const title = h("h4", { className: "flag-title" });
    const meta = h("p", { className: "flag-meta" });
    const words = h("p", { className: "flag-words" });
    const status = h("p", { className: "flag-status" });
    const error = h("p", { className: "error flag-error", attrs: { role: "alert" } });
    const claim = h("button", { type: "button", className: "flag-claim", on: { click: () => deps.claim(f.id) } }, "Claim");
    // The holder can hand it back to the queue (the server also lets others once the claim is overdue).
    const unclaim = h("button", { type: "button", className: "flag-unclaim secondary", hidden: true, on: { click: () => deps.unclaim(f.id) } }, "Unclaim");
    const open = h("button", { type: "button", className: "flag-open secondary" }, "Context");
    open.addEventListener("click", () => deps.openContext({ id: f.id, place: f.place, opener: open }));
    // Release only from the context, where the held message can be read first.
    const release = h("button", { type: "button", className: "flag-release", hidden: true }, "Review held message");
    release.addEventListener("click", () => deps.openContext({ id: f.id, place: f.place, opener: release }));
    const actions = h("div", { className: "flag-actions" }, claim, unclaim, open, release);
    if (f.place.kind === "room") {
      const roomId = f.place.id;
      actions.append(h("button", { type: "button", className: "flag-watch secondary", on: { click: () => ctx.navigate("room", { roomId, watch: "1" }) } }, "Watch room"));
    }
    const resolve = resolveForm(f.id);
    actions.append(resolve);
    const li = h("li", { className: "flag", id: `flag-${f.id}`, attrs: { "data-flag-id": f.id } }, title, meta, words, status, error, actions);
    // A flag the server could not store can only be acted on in its room.
    if (f.id.startsWith("unsaved:")) {
      claim.disabled = open.disabled = release.disabled = true;
      resolve.hidden = true;
      error.textContent = "This flag could not be saved; look at the room directly.";
    }
    return { li, title, meta, words, status, error, claim, unclaim, release, resolve };
  }

  function updateRow(row: Row, f: FlagSummary): void {
    row.li.dataset.severity = f.severity;
    row.li.dataset.status = f.status;
    row.li.dataset.disposition = f.disposition;
    row.li.classList.toggle("overdue", overdue.has(f.id));
    row.li.classList.toggle("mine", f.claimedBy === ctx.me.user.id);
    fill(row.title,
      h("span", { className: `severity severity-${f.severity}` }, h("span", { attrs: { "aria-hidden": "true" } }, SEVERITY_MARK[f.severity], " "), SEVERITY_LABEL[f.severity]),
      " ", deps.placeName(f.place),
      f.disposition === "concern_other" ? h("span", { className: "badge concern-badge" }, DISPOSITION_LABEL.concern_other) : null,
      f.promotedAt ? h("span", { className: "badge promoted-badge" }, "Promoted from review") : null,
      overdue.has(f.id) ? h("span", { className: "badge overdue-badge" }, "Overdue") : null,
      f.held ? h("span", { className: "badge held-badge" }, "Message held") : null);
    fill(row.meta, "From ", h("strong", { dir: "auto" }, f.authorName), " · raised ", ageEl(f.createdAt), " ago",
      f.hits > 1 ? ` · ${f.hits} messages, last ` : "", f.hits > 1 ? ageEl(f.lastHitAt) : null, f.hits > 1 ? " ago" : "",
      f.promotedAt ? ` · promoted by ${personName(f.promotedBy, f.promotedByName)} at ${localTime(f.promotedAt)}` : "");
    fill(row.words, "Categories: ", f.categories.map(categoryLabel).join(", "), ". Matched words: ", h("q", { dir: "auto" }, f.terms.join(", ")),
      f.disposition !== "alert" && f.reasons.length > 0 ? `. Why it did not page at first: ${reasonsText(f.reasons)}.` : "");
    fill(row.status, statusText(f));
    row.claim.hidden = f.status !== "open";
    row.unclaim.hidden = !(f.status === "claimed" && (f.claimedBy === ctx.me.user.id || overdue.has(f.id)));
    row.release.hidden = !f.held;
  }

  function resolveForm(flagId: string): HTMLDetailsElement {
    const select = h("select", { name: "outcome", className: "flag-outcome", required: true },
      h("option", { value: "" }, "Choose an outcome"),
      // In the order a moderator most often needs them, not the schema's.
      ...Object.entries(OUTCOME_LABEL).map(([o, label]) => h("option", { value: o }, label)));
    const notes = h("textarea", { name: "notes", className: "flag-notes", rows: 3, maxLength: 4000 });
    const selectId = `outcome-${flagId}`;
    const notesId = `notes-${flagId}`;
    select.id = selectId;
    notes.id = notesId;
    const form = h("form", { className: "flag-resolve-form", on: { submit: (e: SubmitEvent) => {
      e.preventDefault();
      if (!select.value) return select.focus();
      deps.resolve(flagId, select.value as FlagOutcome, notes.value);
    } } },
      h("label", { htmlFor: selectId }, "Outcome"), select,
      h("label", { htmlFor: notesId }, "Notes (kept with the flag, seen by moderators)"), notes,
      h("button", { type: "submit", className: "flag-resolve-submit" }, "Resolve flag"));
    return h("details", { className: "flag-resolve" }, h("summary", null, "Resolve…"), form);
  }

  /** Puts the rows in urgency order, moving only what is out of place, and keeps the focus. */
  function renderList(): void {
    const focused = document.activeElement;
    const sorted = [...flags.values()].sort(byUrgency);
    for (const f of sorted) {
      let row = rows.get(f.id);
      if (!row) {
        row = makeRow(f);
        rows.set(f.id, row);
      }
      updateRow(row, f);
    }
    let lostFocus = false;
    for (const [id, row] of rows) {
      if (flags.has(id)) continue;
      lostFocus ||= row.li.contains(focused);
      row.li.remove();
      rows.delete(id);
    }
    sorted.forEach((f, i) => {
      const li = rows.get(f.id)!.li;
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    if (lostFocus) deps.heading.focus();
    else if (focused instanceof HTMLElement && focused !== document.activeElement && list.contains(focused)) focused.focus();
    empty.hidden = flags.size > 0;
    renderPlaces();
  }

  function renderPlaces(): void {
    const counts = new Map<string, { f: FlagSummary; open: number; authors: Set<string> }>();
    // Most urgent first: each place keeps its first (most urgent) flag, and places follow it.
    for (const f of [...flags.values()].sort(byUrgency)) {
      const key = `${f.place.kind}:${f.place.id}`;
      const c = counts.get(key) ?? { f, open: 0, authors: new Set<string>() };
      c.open++;
      c.authors.add(f.authorName);
      counts.set(key, c);
    }
    const sorted = [...counts.values()];
    fill(places, ...sorted.map(({ f, open, authors }) => {
      const roomId = f.place.kind === "room" ? f.place.id : null;
      const place = deps.placeName(f.place);
      // Private conversations have no name to tell them apart; whose flags they hold does.
      const name = roomId ? place : `${place} (${[...authors].join(", ")})`;
      return h("li", { attrs: { "data-place-id": f.place.id } }, name, `: ${open} open `,
        roomId ? h("button", { type: "button", className: "secondary small", attrs: { "aria-label": `Watch ${place}` }, on: { click: () => ctx.navigate("room", { roomId, watch: "1" }) } }, "Watch") : null);
    }));
    if (sorted.length === 0) fill(places, h("li", { className: "muted" }, "None."));
  }

  function renderResolved(): void {
    resolvedSection.hidden = resolvedHere.length === 0;
    fill(resolvedList, ...resolvedHere.map((f) => h("li", { attrs: { "data-flag-id": f.id } },
      h("span", { className: `severity severity-${f.severity}` }, SEVERITY_LABEL[f.severity]), " ", deps.placeName(f.place), ", from ", h("span", { dir: "auto" }, f.authorName), ". ", statusText(f))));
  }

  return { sections, rows, renderList, renderResolved, statusText, personName };
}
