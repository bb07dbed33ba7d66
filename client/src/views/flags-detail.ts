/**
 * The frozen context of a flag or a review item, opened from the queue or the review list. For a
 * private conversation a notice comes first: opening it is what the audit log records.
 */
import { MEMBER_REPORT_CATEGORY, type FlagDetail, type FlagSummary, type OncallDeliveryAttempt } from "../../../shared/dto";
import { request } from "../connection";
import { fill, h, localTime } from "../dom";
import { reassignControl } from "./flags-reassign";
import { DISPOSITION_LABEL, oncallLines, reasonsText, SEVERITY_LABEL } from "./flags-format";
import type { ViewContext } from "./view";

/** What the detail needs to know of what it opens before it is fetched. */
export interface DetailTarget {
  id: string;
  place: FlagDetail["place"];
  /** The button that opened it, focused again on close. */
  opener?: HTMLElement | null;
}

export interface FlagDetailPanel {
  element: HTMLElement;
  open(target: DetailTarget): void;
  /** Shows it again if open (after a release); closes it if it shows this id and `close` is set. */
  refresh(id: string, close?: boolean): void;
  close(): void;
  readonly openId: string | null;
}

export function createFlagDetail(ctx: ViewContext, deps: { placeName(place: FlagDetail["place"]): string; release(id: string): void; reassigned?(f: FlagSummary): void }): FlagDetailPanel {
  const element = h("section", { id: "flag-detail", className: "flag-detail card", hidden: true, attrs: { "aria-labelledby": "flag-detail-title" } });
  let openId: string | null = null;
  let opener: HTMLElement | null = null;

  function close(): void {
    openId = null;
    element.hidden = true;
    fill(element);
    if (opener?.isConnected) opener.focus();
    opener = null;
  }

  const heading = (text: string) => h("h3", { id: "flag-detail-title", tabIndex: -1 }, text);

  function open(target: DetailTarget): void {
    openId = target.id;
    opener = target.opener ?? null;
    element.hidden = false;
    if (target.place.kind === "conversation") {
      // Said before anything is fetched: the opening itself is what gets recorded.
      const title = heading("Open a private conversation?");
      fill(element, title,
        h("p", { id: "flag-private-notice", className: "notice" },
          "This comes from a private conversation between a member and their peer supporter. ",
          "Opening it shows you the messages around the flagged one, and your name and the time are recorded in the audit log."),
        h("div", { className: "flag-actions" },
          h("button", { type: "button", id: "flag-private-confirm", on: { click: () => void show(target.id) } }, "Open and record"),
          h("button", { type: "button", className: "secondary", on: { click: close } }, "Cancel")));
      title.focus();
      return;
    }
    void show(target.id);
  }

  async function show(id: string): Promise<void> {
    const title = heading("Loading the context…");
    fill(element, title);
    title.focus();
    const [ack, oncall] = await Promise.all([request(ctx.socket, "flag:get", { flagId: id }), oncallFor(id)]);
    if (openId !== id) return;
    if (!ack.ok) {
      fill(element, title, h("p", { className: "error", attrs: { role: "alert" } }, ack.error.message),
        h("button", { type: "button", className: "secondary", on: { click: close } }, "Close"));
      title.textContent = "The context could not be opened";
      return;
    }
    render(ack.data, title, oncall);
  }

  /** Whether on-call was reached for this flag; null when the log cannot be read (it is secondary here). */
  async function oncallFor(flagId: string): Promise<OncallDeliveryAttempt[] | null> {
    try {
      return (await ctx.api<{ attempts: OncallDeliveryAttempt[] }>("GET", `/api/admin/oncall-deliveries?flagId=${encodeURIComponent(flagId)}`)).attempts;
    } catch {
      return null;
    }
  }

  function render(d: FlagDetail, title: HTMLHeadingElement, oncall: OncallDeliveryAttempt[] | null): void {
    const listed = d.lane !== "page";
    title.textContent = listed ? `Context: review item, ${deps.placeName(d.place)}` : `Context: ${SEVERITY_LABEL[d.severity]} flag, ${deps.placeName(d.place)}`;
    const held = new Set(d.heldMessageIds);
    // A member's report is not a detector's mention: say what it is (its reasons and notes are on the review list).
    const reported = d.categories.includes(MEMBER_REPORT_CATEGORY);
    const why = reported
      ? "Reported by a member. Their reasons and notes are on the review list; a report pages nobody."
      : d.disposition === "alert" ? null : `${DISPOSITION_LABEL[d.disposition]}. Why it did not page: ${reasonsText(d.reasons)}.`;
    fill(element, title,
      why ? h("p", { id: "flag-detail-why" }, why) : null,
      h("p", { className: "muted" }, `Frozen as the messages were sent (${listed ? "listed" : "flag raised"} ${localTime(d.createdAt)}). A message deleted since is erased here too.`),
      h("ol", { id: "flag-context", className: "flag-context", attrs: { "aria-label": "Messages around the flagged one" } },
        ...d.context.map((m) => {
          const marks = [m.seq === d.messageSeq ? "flagged message" : "", held.has(m.id) ? "held from the room" : ""].filter(Boolean);
          return h("li", { className: [m.seq === d.messageSeq ? "flagged" : "", held.has(m.id) ? "held" : ""].join(" ").trim(), attrs: { "data-seq": m.seq } },
            h("span", { className: "meta" }, h("strong", { dir: "auto" }, m.authorName), " · ", localTime(m.createdAt), ...marks.map((t) => h("span", { className: "badge" }, t))),
            m.erasedAt
              ? h("span", { className: "body muted" }, `Deleted ${localTime(m.erasedAt)}${m.erasedBy === m.authorId ? " by its author" : " by a moderator"}; its words are gone.`)
              : h("span", { className: "body", dir: "auto" }, m.body));
        })),
      d.notes ? h("p", null, h("strong", null, "Notes: "), h("span", { className: "flag-detail-notes", dir: "auto" }, d.notes)) : null,
      listed || oncall === null ? null : oncall.length === 0
        ? h("p", { id: "flag-oncall", className: "muted" }, "On-call has not been called for this flag.")
        : h("ul", { id: "flag-oncall", attrs: { "aria-label": "Calls to on-call" } }, ...oncallLines(oncall, localTime).map((line) => h("li", null, line))),
      h("div", { className: "flag-actions" },
        held.size > 0 ? h("button", { type: "button", id: "flag-detail-release", on: { click: () => deps.release(d.id) } }, "Release held message to the room") : null,
        // A private check-in with the author, as the moderation team: any moderator can pick it up.
        h("button", { type: "button", id: "flag-detail-checkin", className: "secondary", on: { click: () => void openCheckin(ctx, d.id) } }, `Message ${d.authorName} privately`),
        h("button", { type: "button", className: "secondary", id: "flag-detail-close", on: { click: close } }, "Close context")),
      // Handing on a flag still open or held by someone: the server lets any moderator do it (flag-workflow.ts).
      !listed && (d.status === "open" || d.status === "claimed") ? reassignControl(ctx, d, (f) => deps.reassigned?.(f)) : null);
  }

  return {
    element,
    open,
    close,
    refresh(id, closeIt = false) {
      if (openId !== id) return;
      if (closeIt) close();
      else void show(id);
    },
    get openId() {
      return openId;
    },
  };
}

/** Opens (or reopens) the author's check-in with the moderation team and shows it. */
async function openCheckin(ctx: ViewContext, flagId: string): Promise<void> {
  const ack = await request(ctx.socket, "flag:checkin", { flagId });
  if (!ack.ok) return ctx.announce(ack.error.message, "assertive");
  ctx.navigate("conversations", { conversationId: ack.data.id });
}
