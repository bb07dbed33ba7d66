/**
 * The moderators' dashboard: the paging queue of open crisis flags, live, most urgent first, with
 * claim, resolve, the frozen context and a way into the room (flags-queue.ts, flags-detail.ts);
 * and apart from it the review list of mentions that paged nobody (flags-review.ts). This file
 * holds the state, the alerts and the conversation with the server.
 */
import type { FlagOutcome, FlagSummary } from "../../../shared/dto";
import { listRooms, request } from "../connection";
import { fill, h } from "../dom";
import { createFlagBanner, type AlertKind } from "./flags-banner";
import { createFlagDetail } from "./flags-detail";
import { ageText, outcomeLabel, SEVERITY_LABEL } from "./flags-format";
import { createFlagQueue } from "./flags-queue";
import { createUnseenTitle } from "./flags-title";
import { createHistoryPanel } from "./flags-history";
import { createReviewPanel } from "./flags-review";
import { createChime, readSoundSetting, SOUND_KEY } from "./flags-sound";
import type { View } from "./view";

const AGE_REFRESH_MS = 15_000;
const RECENTLY_RESOLVED = 10;

export const flagsView: View = (root, ctx) => {
  const flags = new Map<string, FlagSummary>();
  const overdue = new Set<string>();
  const resolvedHere: FlagSummary[] = [];
  const roomNames = new Map<string, string>();
  const chime = createChime();
  chime.enabled = readSoundSetting();

  const heading = h("h2", { id: "flags-title", tabIndex: -1 }, "Crisis flags");
  const banner = createFlagBanner({ me: ctx.me.user.id, showFlag: (id) => focusFlag(id) });
  const soundToggle = h("button", {
    id: "flag-sound",
    type: "button",
    className: "secondary",
    attrs: { "aria-pressed": String(chime.enabled) },
    on: { click: () => toggleSound() },
  }, `Sound alerts: ${chime.enabled ? "on" : "off"}`);
  const loadError = h("p", { id: "flags-error", className: "error", attrs: { role: "alert" } });

  const placeName = (place: FlagSummary["place"]): string =>
    place.kind === "room" ? `Room: ${roomNames.get(place.id) ?? "a room"}` : "A private conversation";

  const detail = createFlagDetail(ctx, { placeName, release: (id) => void releaseFlag(id), reassigned: (f) => inOrder(() => upsert(f)) });
  const queue = createFlagQueue(ctx, { flags, overdue, resolvedHere }, {
    heading,
    placeName,
    claim: (id) => void claimFlag(id),
    unclaim: (id) => void unclaimFlag(id),
    resolve: (id, outcome, notes) => void resolveFlag(id, outcome, notes),
    openContext: (target) => detail.open(target),
  });
  const review = createReviewPanel(ctx, {
    placeName,
    openContext: (target) => detail.open(target),
    // The promoter's own dashboard shows the new flag at once, without alerting them about it.
    promoted: (f) => inOrder(async () => {
      await roomName(f);
      upsert(f);
      queue.rows.get(f.id)?.claim.focus();
    }),
  });

  const history = createHistoryPanel(ctx, { placeName, openContext: (target) => detail.open(target) });

  fill(root,
    h("section", { id: "flags-view", className: "flags-view", attrs: { "aria-labelledby": "flags-title" } },
      h("div", { className: "flags-head" }, heading, soundToggle),
      banner.element,
      loadError,
      detail.element,
      queue.sections.open,
      queue.sections.places,
      review.element,
      queue.sections.resolved,
      history.element,
    ),
  );

  function refreshAges(): void {
    for (const t of root.querySelectorAll<HTMLTimeElement>("time.flag-age")) t.textContent = ageText(t.dateTime);
  }

  // ---- alerts ----

  function alertFor(f: FlagSummary, kind: AlertKind): void {
    const sound = chime.play(f.severity);
    const text = banner.show(f, kind, placeName(f.place));
    banner.element.dataset.sound = sound;
    markUnseen();
    // The shell already announces new and overdue flags on every screen; the rest it does not.
    if (kind !== "new" && kind !== "overdue") ctx.announce(text, "assertive");
    const row = queue.rows.get(f.id);
    if (row) {
      row.li.classList.remove("flag-new");
      // Restart the highlight for a repeated alert on the same row.
      void row.li.offsetWidth;
      row.li.classList.add("flag-new");
    }
  }

  // A moderator in another tab sees the count in the tab's title until they come back.
  const { markUnseen, restoreTitle } = createUnseenTitle();

  /** Always lands somewhere: the flag's first usable control, else the row itself, else the heading. */
  function focusFlag(id: string): void {
    const row = queue.rows.get(id);
    if (!row) return heading.focus();
    row.li.scrollIntoView({ block: "nearest" });
    const target = [row.claim, row.resolve.querySelector("summary")].find((el) => el && !el.hidden && !(el as HTMLButtonElement).disabled && el.closest("[hidden]") === null);
    if (target) return target.focus();
    row.li.tabIndex = -1;
    row.li.focus();
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
    banner.follow(f);
    if (f.status === "resolved") {
      flags.delete(f.id);
      overdue.delete(f.id);
      detail.refresh(f.id, true);
      if (!resolvedHere.some((r) => r.id === f.id)) resolvedHere.unshift(f);
      resolvedHere.length = Math.min(resolvedHere.length, RECENTLY_RESOLVED);
      queue.renderResolved();
    } else {
      flags.set(f.id, f);
    }
    queue.renderList();
  }

  let chain: Promise<void> = Promise.resolve();
  function inOrder(step: () => Promise<void> | void): void {
    // A failed step must not stop the ones after it, nor pass unnoticed.
    chain = chain.then(step).catch(() => {
      loadError.textContent = "An update to the flags could not be shown. Reload the page if the list looks out of date.";
    });
  }

  async function load(): Promise<void> {
    const [flagQueue, rooms] = await Promise.all([request(ctx.socket, "flag:list", {}), listRooms(ctx.socket)]);
    if (rooms.ok) for (const r of rooms.data.rooms) roomNames.set(r.id, r.name);
    if (!flagQueue.ok) {
      loadError.textContent = `The flags could not be loaded: ${flagQueue.error.message}`;
      return;
    }
    loadError.textContent = "";
    flags.clear();
    for (const f of flagQueue.data.flags) {
      flags.set(f.id, f);
      // The overdue alert went out before this page loaded: the flag still shows as overdue.
      if (f.status === "open" && Date.now() >= Date.parse(f.dueAt)) overdue.add(f.id);
    }
    queue.renderList();
    await review.load();
  }

  async function roomName(f: { place: FlagSummary["place"] }): Promise<void> {
    if (f.place.kind !== "room" || roomNames.has(f.place.id)) return;
    const rooms = await listRooms(ctx.socket);
    if (rooms.ok) for (const r of rooms.data.rooms) roomNames.set(r.id, r.name);
  }

  async function onRaised(f: FlagSummary): Promise<void> {
    const known = flags.has(f.id);
    await roomName(f);
    upsert(f);
    // A moderator who promoted an item has it in front of them already.
    if (!(known && f.promotedBy === ctx.me.user.id)) alertFor(f, "new");
  }

  async function onUpdated(f: FlagSummary): Promise<void> {
    const before = flags.get(f.id);
    await roomName(f);
    upsert(f);
    if (!before && f.status !== "resolved") alertFor(f, "new");
    else if (before && f.severity !== before.severity) alertFor(f, "worse");
    // Another message from the same author, on a flag open or already in someone's hands.
    else if (before && f.hits > before.hits && f.status !== "resolved") alertFor(f, "hit");
    else if (before?.status === "claimed" && f.status === "open") alertFor(f, "unclaimed");
    else if (before && f.status !== before.status && f.claimedBy !== ctx.me.user.id && f.resolvedBy !== ctx.me.user.id) {
      ctx.announce(`${SEVERITY_LABEL[f.severity]} flag, ${placeName(f.place)}: ${queue.statusText(f)}`, "polite");
    }
  }

  function onOverdue(f: FlagSummary): void {
    overdue.add(f.id);
    upsert(f);
    // Open past its deadline, or claimed and left unresolved past the claim's.
    if (f.status !== "resolved") alertFor(f, "overdue");
  }

  async function claimFlag(id: string): Promise<void> {
    chime.unlock();
    const row = queue.rows.get(id);
    const ack = await request(ctx.socket, "flag:claim", { flagId: id });
    if (ack.ok) {
      upsert(ack.data);
      if (row) row.error.textContent = "";
      row?.resolve.querySelector("summary")?.focus();
      return;
    }
    const details = ack.error.details as { claimedBy?: string | null; claimedByName?: string | null } | undefined;
    const who = details?.claimedBy ? ` It is with ${queue.personName(details.claimedBy, details.claimedByName)}.` : "";
    if (row) row.error.textContent = `${ack.error.message}${who}`;
    // The flag moved on elsewhere; show where it stands now.
    if (ack.error.code === "conflict") inOrder(load);
  }

  async function unclaimFlag(id: string): Promise<void> {
    const row = queue.rows.get(id);
    const ack = await request(ctx.socket, "flag:unclaim", { flagId: id });
    if (ack.ok) {
      upsert(ack.data);
      ctx.announce("Flag back in the queue.", "polite");
      queue.rows.get(id)?.claim.focus();
      return;
    }
    if (row) row.error.textContent = ack.error.message;
    if (ack.error.code === "conflict") inOrder(load);
  }

  async function resolveFlag(id: string, outcome: FlagOutcome, notes: string): Promise<void> {
    chime.unlock();
    const row = queue.rows.get(id);
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
    const row = queue.rows.get(id);
    const ack = await request(ctx.socket, "flag:release", { flagId: id });
    if (ack.ok) {
      upsert(ack.data);
      if (row) row.error.textContent = "";
      ctx.announce("The held message is now in the room.", "polite");
      detail.refresh(id);
      return;
    }
    if (row) row.error.textContent = ack.error.message;
    if (ack.error.code === "conflict") inOrder(load);
  }

  // ---- wiring ----

  // One at a time, in arrival order: a handler may wait for a room's name, and a later update of the
  // same flag must not land before it (or raise a second "new flag" alert).
  ctx.on("flag:raised", (f) => inOrder(() => onRaised(f)));
  ctx.on("flag:updated", (f) => inOrder(() => onUpdated(f)));
  ctx.on("flag:overdue", (f) => inOrder(() => onOverdue(f)));
  ctx.on("flag:assigned", (f) => inOrder(async () => {
    await roomName(f);
    upsert(f);
    alertFor(f, "assigned");
  }));
  // The review list pages nobody: it changes quietly, with no banner and no sound.
  ctx.on("flag:listed", (item) => inOrder(async () => {
    await roomName(item);
    review.listed(item);
  }));
  ctx.on("flag:unlisted", ({ flagId }) => review.unlisted(flagId));
  // After a reconnect or a resync the queue may have moved on meanwhile: read it again.
  ctx.onReconnect(() => inOrder(load));
  const timer = window.setInterval(refreshAges, AGE_REFRESH_MS);
  queue.renderList();
  inOrder(load);

  return () => {
    window.clearInterval(timer);
    chime.close();
    restoreTitle();
  };
};
