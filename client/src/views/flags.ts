/**
 * The moderators' dashboard: open crisis flags, live, most urgent first, with claim, resolve, the
 * frozen context and a way into the room. Rows are kept and updated in place, so a live update
 * never takes away a half-written note or the keyboard focus.
 */
import type { FlagDetail, FlagOutcome, FlagSummary, OncallDeliveryAttempt } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h, localTime } from "../dom";
import { createChime } from "./flags-sound";
import { ageText, byUrgency, categoryLabel, oncallLines, OUTCOME_LABEL, outcomeLabel, SEVERITY_LABEL, SEVERITY_MARK } from "./flags-format";
import type { View } from "./view";

const AGE_REFRESH_MS = 15_000;
/** The sound switch outlasts a visit to another screen (and goes with the tab, or a quick exit). */
const SOUND_KEY = "haven.flagSound";
const RECENTLY_RESOLVED = 10;

interface Row {
  li: HTMLLIElement;
  title: HTMLHeadingElement;
  meta: HTMLParagraphElement;
  words: HTMLParagraphElement;
  status: HTMLParagraphElement;
  error: HTMLParagraphElement;
  claim: HTMLButtonElement;
  release: HTMLButtonElement;
  resolve: HTMLDetailsElement;
}

export const flagsView: View = (root, ctx) => {
  const flags = new Map<string, FlagSummary>();
  const overdue = new Set<string>();
  const rows = new Map<string, Row>();
  const resolvedHere: FlagSummary[] = [];
  const roomNames = new Map<string, string>();
  const chime = createChime();
  chime.enabled = readSoundSetting();

  const heading = h("h2", { id: "flags-title", tabIndex: -1 }, "Crisis flags");
  const alertBox = h("div", { id: "flag-alert", className: "flag-alert", hidden: true });
  const soundToggle = h("button", {
    id: "flag-sound",
    type: "button",
    className: "secondary",
    attrs: { "aria-pressed": String(chime.enabled) },
    on: { click: () => toggleSound() },
  }, `Sound alerts: ${chime.enabled ? "on" : "off"}`);
  const loadError = h("p", { id: "flags-error", className: "error", attrs: { role: "alert" } });
  const empty = h("p", { id: "flags-empty", className: "muted", hidden: true }, "No open flags. New ones appear here as soon as they are raised.");
  const list = h("ol", { id: "flag-list", className: "flag-list", attrs: { "aria-labelledby": "flags-open-title" } });
  const places = h("ul", { id: "flag-places", className: "flag-places" });
  const resolvedList = h("ul", { id: "flags-resolved", className: "flags-resolved" });
  const resolvedSection = h("section", { attrs: { "aria-labelledby": "flags-resolved-title" }, hidden: true },
    h("h3", { id: "flags-resolved-title" }, "Resolved while you were here"), resolvedList);
  const detail = h("section", { id: "flag-detail", className: "flag-detail card", hidden: true, attrs: { "aria-labelledby": "flag-detail-title" } });

  fill(root,
    h("section", { id: "flags-view", className: "flags-view", attrs: { "aria-labelledby": "flags-title" } },
      h("div", { className: "flags-head" }, heading, soundToggle),
      alertBox,
      loadError,
      detail,
      h("section", { attrs: { "aria-labelledby": "flags-open-title" } },
        h("h3", { id: "flags-open-title" }, "Open flags, most urgent first"), empty, list),
      h("section", { attrs: { "aria-labelledby": "flags-places-title" } },
        h("h3", { id: "flags-places-title" }, "Places with open flags"), places),
      resolvedSection,
    ),
  );

  // ---- state to screen ----

  const placeName = (f: FlagSummary): string =>
    f.place.kind === "room" ? `Room: ${roomNames.get(f.place.id) ?? "a room"}` : "A private conversation";

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
    const claim = h("button", { type: "button", className: "flag-claim", on: { click: () => void claimFlag(f.id) } }, "Claim");
    const open = h("button", { type: "button", className: "flag-open secondary", on: { click: () => openContext(f.id) } }, "Context");
    // Release only from the context, where the held message can be read first.
    const release = h("button", { type: "button", className: "flag-release", hidden: true, on: { click: () => openContext(f.id) } }, "Review held message");
    const actions = h("div", { className: "flag-actions" }, claim, open, release);
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
    return { li, title, meta, words, status, error, claim, release, resolve };
  }

  function updateRow(row: Row, f: FlagSummary): void {
    row.li.dataset.severity = f.severity;
    row.li.dataset.status = f.status;
    row.li.classList.toggle("overdue", overdue.has(f.id));
    row.li.classList.toggle("mine", f.claimedBy === ctx.me.user.id);
    fill(row.title,
      h("span", { className: `severity severity-${f.severity}` }, h("span", { attrs: { "aria-hidden": "true" } }, SEVERITY_MARK[f.severity], " "), SEVERITY_LABEL[f.severity]),
      " ", placeName(f),
      overdue.has(f.id) ? h("span", { className: "badge overdue-badge" }, "Overdue") : null,
      f.held ? h("span", { className: "badge held-badge" }, "Message held") : null);
    fill(row.meta, "From ", h("strong", null, f.authorName), " · raised ", ageEl(f.createdAt), " ago",
      f.hits > 1 ? ` · ${f.hits} messages, last ` : "", f.hits > 1 ? ageEl(f.lastHitAt) : null, f.hits > 1 ? " ago" : "");
    fill(row.words, "Categories: ", f.categories.map(categoryLabel).join(", "), ". Matched words: ", h("q", null, f.terms.join(", ")));
    fill(row.status, statusText(f));
    row.claim.hidden = f.status !== "open";
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
      void resolveFlag(flagId, select.value as FlagOutcome, notes.value);
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
    if (lostFocus) heading.focus();
    else if (focused instanceof HTMLElement && focused !== document.activeElement && root.contains(focused)) focused.focus();
    empty.hidden = flags.size > 0;
    renderPlaces();
  }

  function renderPlaces(): void {
    const counts = new Map<string, { f: FlagSummary; open: number; authors: Set<string> }>();
    for (const f of flags.values()) {
      const key = `${f.place.kind}:${f.place.id}`;
      const c = counts.get(key) ?? { f, open: 0, authors: new Set<string>() };
      c.open++;
      c.authors.add(f.authorName);
      counts.set(key, c);
    }
    const sorted = [...counts.values()].sort((a, b) => b.open - a.open);
    fill(places, ...sorted.map(({ f, open, authors }) => {
      const roomId = f.place.kind === "room" ? f.place.id : null;
      // Private conversations have no name to tell them apart; whose flags they hold does.
      const name = roomId ? placeName(f) : `${placeName(f)} (${[...authors].join(", ")})`;
      return h("li", { attrs: { "data-place-id": f.place.id } }, name, `: ${open} open `,
        roomId ? h("button", { type: "button", className: "secondary small", attrs: { "aria-label": `Watch ${placeName(f)}` }, on: { click: () => ctx.navigate("room", { roomId, watch: "1" }) } }, "Watch") : null);
    }));
    if (sorted.length === 0) fill(places, h("li", { className: "muted" }, "None."));
  }

  function renderResolved(): void {
    resolvedSection.hidden = resolvedHere.length === 0;
    fill(resolvedList, ...resolvedHere.map((f) => h("li", { attrs: { "data-flag-id": f.id } },
      h("span", { className: `severity severity-${f.severity}` }, SEVERITY_LABEL[f.severity]), " ", placeName(f), ", from ", f.authorName, ". ", statusText(f))));
  }

  function refreshAges(): void {
    for (const t of root.querySelectorAll<HTMLTimeElement>("time.flag-age")) t.textContent = ageText(t.dateTime);
  }

  // ---- alerts ----

  function alertFor(f: FlagSummary, kind: "new" | "worse" | "overdue"): void {
    const sound = chime.play(f.severity);
    const what = kind === "new" ? "New flag" : kind === "worse" ? "Flag raised to a higher level" : "Overdue flag, still unclaimed";
    const text = `${what}: ${SEVERITY_LABEL[f.severity]}, ${placeName(f)}, from ${f.authorName}.`;
    fill(alertBox,
      h("p", { className: "flag-alert-text" }, text),
      h("button", { type: "button", on: { click: () => focusFlag(f.id) } }, "Show it"),
      h("button", { type: "button", className: "secondary", on: { click: () => (alertBox.hidden = true) } }, "Dismiss"));
    alertBox.dataset.severity = f.severity;
    alertBox.dataset.sound = sound;
    alertBox.hidden = false;
    markUnseen();
    // The shell already announces new and overdue flags on every screen; a rise in level it does not.
    if (kind === "worse") ctx.announce(text, "assertive");
    const row = rows.get(f.id);
    if (row) {
      row.li.classList.remove("flag-new");
      // Restart the highlight for a repeated alert on the same row.
      void row.li.offsetWidth;
      row.li.classList.add("flag-new");
    }
  }

  // A moderator in another tab sees the count in the tab's title until they come back.
  const baseTitle = document.title;
  let unseen = 0;
  const countedTitle = () => `(${unseen}) Crisis flag · ${baseTitle}`;
  function markUnseen(): void {
    if (!document.hidden) return;
    unseen++;
    document.title = countedTitle();
  }
  /** Puts the title back, unless something else (a quick exit) has changed it since. */
  function restoreTitle(): void {
    if (unseen > 0 && document.title === countedTitle()) document.title = baseTitle;
    unseen = 0;
  }
  function onVisible(): void {
    if (!document.hidden) restoreTitle();
  }
  document.addEventListener("visibilitychange", onVisible);

  function focusFlag(id: string): void {
    const row = rows.get(id);
    if (!row) return;
    row.li.scrollIntoView({ block: "nearest" });
    (row.claim.hidden ? row.resolve.querySelector("summary") : row.claim)?.focus();
    alertBox.hidden = true;
  }

  function toggleSound(): void {
    chime.enabled = !chime.enabled;
    chime.unlock();
    soundToggle.setAttribute("aria-pressed", String(chime.enabled));
    soundToggle.textContent = `Sound alerts: ${chime.enabled ? "on" : "off"}`;
    try {
      sessionStorage.setItem(SOUND_KEY, chime.enabled ? "on" : "off");
    } catch {
      // Only a convenience.
    }
  }

  // ---- server ----

  function upsert(f: FlagSummary): void {
    if (f.status === "resolved") {
      flags.delete(f.id);
      overdue.delete(f.id);
      if (detailFlagId === f.id) closeDetail();
      if (!resolvedHere.some((r) => r.id === f.id)) resolvedHere.unshift(f);
      resolvedHere.length = Math.min(resolvedHere.length, RECENTLY_RESOLVED);
      renderResolved();
    } else {
      flags.set(f.id, f);
    }
    renderList();
  }

  let chain: Promise<void> = Promise.resolve();
  function inOrder(step: () => Promise<void> | void): void {
    // A failed step must not stop the ones after it, nor pass unnoticed.
    chain = chain.then(step).catch(() => {
      loadError.textContent = "An update to the flags could not be shown. Reload the page if the list looks out of date.";
    });
  }

  async function load(): Promise<void> {
    const [queue, rooms] = await Promise.all([request(ctx.socket, "flag:list", {}), request(ctx.socket, "room:list", {})]);
    if (rooms.ok) for (const r of rooms.data.rooms) roomNames.set(r.id, r.name);
    if (!queue.ok) {
      loadError.textContent = `The flags could not be loaded: ${queue.error.message}`;
      return;
    }
    loadError.textContent = "";
    flags.clear();
    for (const f of queue.data.flags) {
      flags.set(f.id, f);
      // The overdue alert went out before this page loaded: the flag still shows as overdue.
      if (f.status === "open" && Date.now() >= Date.parse(f.dueAt)) overdue.add(f.id);
    }
    renderList();
  }

  async function roomName(f: FlagSummary): Promise<void> {
    if (f.place.kind !== "room" || roomNames.has(f.place.id)) return;
    const rooms = await request(ctx.socket, "room:list", {});
    if (rooms.ok) for (const r of rooms.data.rooms) roomNames.set(r.id, r.name);
  }

  async function onRaised(f: FlagSummary): Promise<void> {
    await roomName(f);
    upsert(f);
    alertFor(f, "new");
  }

  async function onUpdated(f: FlagSummary): Promise<void> {
    const before = flags.get(f.id);
    await roomName(f);
    upsert(f);
    if (!before && f.status !== "resolved") alertFor(f, "new");
    else if (before && f.severity !== before.severity) alertFor(f, "worse");
    else if (before && f.status !== before.status && f.claimedBy !== ctx.me.user.id && f.resolvedBy !== ctx.me.user.id) {
      ctx.announce(`${SEVERITY_LABEL[f.severity]} flag, ${placeName(f)}: ${statusText(f)}`, "polite");
    }
  }

  function onOverdue(f: FlagSummary): void {
    overdue.add(f.id);
    upsert(f);
    if (f.status === "open") alertFor(f, "overdue");
  }

  async function claimFlag(id: string): Promise<void> {
    chime.unlock();
    const row = rows.get(id);
    const ack = await request(ctx.socket, "flag:claim", { flagId: id });
    if (ack.ok) {
      upsert(ack.data);
      if (row) row.error.textContent = "";
      row?.resolve.querySelector("summary")?.focus();
      return;
    }
    const details = ack.error.details as { claimedBy?: string | null; claimedByName?: string | null } | undefined;
    const who = details?.claimedBy ? ` It is with ${personName(details.claimedBy, details.claimedByName)}.` : "";
    if (row) row.error.textContent = `${ack.error.message}${who}`;
    // The flag moved on elsewhere; show where it stands now.
    if (ack.error.code === "conflict") inOrder(load);
  }

  async function resolveFlag(id: string, outcome: FlagOutcome, notes: string): Promise<void> {
    chime.unlock();
    const row = rows.get(id);
    const ack = await request(ctx.socket, "flag:resolve", { flagId: id, outcome, ...(notes.trim() ? { notes } : {}) });
    if (ack.ok) {
      upsert(ack.data);
      ctx.announce(`Flag resolved: ${outcomeLabel(outcome)}.`, "polite");
      heading.focus();
      return;
    }
    if (row) row.error.textContent = ack.error.message;
    if (ack.error.code === "conflict") inOrder(load);
  }

  /** Lets the held messages of a flag into their room; until then only their author sees them. */
  async function releaseFlag(id: string): Promise<void> {
    chime.unlock();
    const row = rows.get(id);
    const ack = await request(ctx.socket, "flag:release", { flagId: id });
    if (ack.ok) {
      upsert(ack.data);
      if (row) row.error.textContent = "";
      ctx.announce("The held message is now in the room.", "polite");
      if (detailFlagId === id) void showContext(id);
      return;
    }
    if (row) row.error.textContent = ack.error.message;
    if (ack.error.code === "conflict") inOrder(load);
  }

  // ---- context snapshot ----

  let detailFlagId: string | null = null;

  function closeDetail(): void {
    const id = detailFlagId;
    detailFlagId = null;
    detail.hidden = true;
    fill(detail);
    if (id) rows.get(id)?.li.querySelector<HTMLButtonElement>(".flag-open")?.focus();
  }

  function detailHeading(text: string): HTMLHeadingElement {
    return h("h3", { id: "flag-detail-title", tabIndex: -1 }, text);
  }

  function openContext(id: string): void {
    const f = flags.get(id);
    if (!f) return;
    detailFlagId = id;
    detail.hidden = false;
    if (f.place.kind === "conversation") {
      // Said before anything is fetched: the opening itself is what gets recorded.
      const title = detailHeading("Open a private conversation?");
      fill(detail, title,
        h("p", { id: "flag-private-notice", className: "notice" },
          "This flag comes from a private conversation between a member and their peer supporter. ",
          "Opening it shows you the messages around the flagged one, and your name and the time are recorded in the audit log."),
        h("div", { className: "flag-actions" },
          h("button", { type: "button", id: "flag-private-confirm", on: { click: () => void showContext(id) } }, "Open and record"),
          h("button", { type: "button", className: "secondary", on: { click: closeDetail } }, "Cancel")));
      title.focus();
      return;
    }
    void showContext(id);
  }

  async function showContext(id: string): Promise<void> {
    const title = detailHeading("Loading the context…");
    fill(detail, title);
    title.focus();
    const [ack, oncall] = await Promise.all([request(ctx.socket, "flag:get", { flagId: id }), oncallFor(id)]);
    if (detailFlagId !== id) return;
    if (!ack.ok) {
      fill(detail, title, h("p", { className: "error", attrs: { role: "alert" } }, ack.error.message),
        h("button", { type: "button", className: "secondary", on: { click: closeDetail } }, "Close"));
      title.textContent = "The context could not be opened";
      return;
    }
    renderDetail(ack.data, title, oncall);
  }

  /** Whether on-call was reached for this flag; null when the log cannot be read (it is secondary here). */
  async function oncallFor(flagId: string): Promise<OncallDeliveryAttempt[] | null> {
    try {
      return (await ctx.api<{ attempts: OncallDeliveryAttempt[] }>("GET", `/api/admin/oncall-deliveries?flagId=${encodeURIComponent(flagId)}`)).attempts;
    } catch {
      return null;
    }
  }

  function renderDetail(d: FlagDetail, title: HTMLHeadingElement, oncall: OncallDeliveryAttempt[] | null): void {
    title.textContent = `Context: ${SEVERITY_LABEL[d.severity]} flag, ${placeName(d)}`;
    const held = new Set(d.heldMessageIds);
    fill(detail, title,
      h("p", { className: "muted" }, `Frozen as the messages were sent (flag raised ${localTime(d.createdAt)}); later deletions do not change it.`),
      h("ol", { id: "flag-context", className: "flag-context", attrs: { "aria-label": "Messages around the flagged one" } },
        ...d.context.map((m) => {
          const marks = [m.seq === d.messageSeq ? "flagged message" : "", held.has(m.id) ? "held from the room" : ""].filter(Boolean);
          return h("li", { className: [m.seq === d.messageSeq ? "flagged" : "", held.has(m.id) ? "held" : ""].join(" ").trim(), attrs: { "data-seq": m.seq } },
            h("span", { className: "meta" }, h("strong", null, m.authorName), " · ", localTime(m.createdAt), ...marks.map((t) => h("span", { className: "badge" }, t))),
            h("span", { className: "body" }, m.body));
        })),
      d.notes ? h("p", null, h("strong", null, "Notes: "), d.notes) : null,
      oncall === null ? null : oncall.length === 0
        ? h("p", { id: "flag-oncall", className: "muted" }, "On-call has not been called for this flag.")
        : h("ul", { id: "flag-oncall", attrs: { "aria-label": "Calls to on-call" } }, ...oncallLines(oncall, localTime).map((line) => h("li", null, line))),
      h("div", { className: "flag-actions" },
        held.size > 0 ? h("button", { type: "button", id: "flag-detail-release", on: { click: () => void releaseFlag(d.id) } }, "Release held message to the room") : null,
        h("button", { type: "button", className: "secondary", id: "flag-detail-close", on: { click: closeDetail } }, "Close context")));
  }

  // ---- wiring ----

  // One at a time, in arrival order: a handler may wait for a room's name, and a later update of the
  // same flag must not land before it (or raise a second "new flag" alert).
  ctx.on("flag:raised", (f) => inOrder(() => onRaised(f)));
  ctx.on("flag:updated", (f) => inOrder(() => onUpdated(f)));
  ctx.on("flag:overdue", (f) => inOrder(() => onOverdue(f)));
  // After a reconnect or a resync the queue may have moved on meanwhile: read it again.
  ctx.onReconnect(() => inOrder(load));
  const timer = window.setInterval(refreshAges, AGE_REFRESH_MS);
  renderPlaces();
  inOrder(load);

  return () => {
    window.clearInterval(timer);
    chime.close();
    document.removeEventListener("visibilitychange", onVisible);
    restoreTitle();
  };
};

function readSoundSetting(): boolean {
  try {
    return sessionStorage.getItem(SOUND_KEY) !== "off";
  } catch {
    return true;
  }
}
