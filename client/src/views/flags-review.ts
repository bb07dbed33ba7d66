/**
 * The review list on the dashboard, apart from the paging queue: mentions that paged nobody (talk
 * about suicide that is not the writer's own risk right now, and someone else at risk when the
 * deployment lists it). No sound, no banner; a moderator opens the context, promotes an item into
 * the queue when the detector missed a crisis, or dismisses it once looked at.
 */
import type { FlagSummary, ReviewCursor, ReviewItem } from "../../../shared/dto";
import { request } from "../connection";
import { h } from "../dom";
import type { DetailTarget } from "./flags-detail";
import { ageText, categoryLabel, DISPOSITION_LABEL, reasonsText } from "./flags-format";
import type { ViewContext } from "./view";
import { reportLines } from "./report-item";

const PAGE = 25;

export interface ReviewPanel {
  element: HTMLElement;
  load(): Promise<void>;
  listed(item: ReviewItem): void;
  unlisted(flagId: string): void;
}

export function createReviewPanel(
  ctx: ViewContext,
  deps: { placeName(place: ReviewItem["place"]): string; openContext(target: DetailTarget): void; promoted(flag: FlagSummary): void },
): ReviewPanel {
  const items = new Map<string, { item: ReviewItem; li: HTMLLIElement }>();
  let next: ReviewCursor | null = null;

  const title = h("h3", { id: "review-title", tabIndex: -1 }, "Review list: mentions that paged nobody");
  const list = h("ol", { id: "review-list", className: "review-list", attrs: { "aria-labelledby": "review-title" } });
  const empty = h("p", { id: "review-empty", className: "muted" }, "Nothing to review.");
  const error = h("p", { id: "review-error", className: "error", attrs: { role: "alert" } });
  const more = h("button", { type: "button", id: "review-more", className: "secondary", hidden: true, on: { click: () => void loadMore() } }, "Show older");
  const element = h("section", { id: "review-view", className: "review-view", attrs: { "aria-labelledby": "review-title" } },
    title,
    h("p", { className: "muted" },
      "Talk about suicide that is not the writer's own risk right now (negated, past, a question, about someone else, support for others) nobody was alerted for. ",
      "Promote one to handle it as a flag if it is a crisis after all; dismiss it once you have looked at it. ",
      "Members' reports of a message or a person are listed here too."),
    error, empty, list, more);

  function render(item: ReviewItem): HTMLLIElement {
    const concern = item.disposition === "concern_other";
    const rowError = h("p", { className: "error flag-error", attrs: { role: "alert" } });
    const who = item.report ? `the report about ${item.authorName}` : `the mention from ${item.authorName}`;
    const context = h("button", { type: "button", className: "review-open secondary", attrs: { "aria-label": `Context of ${who}` } }, "Context");
    context.addEventListener("click", () => deps.openContext({ id: item.id, place: item.place, opener: context }));
    const promote = h("button", { type: "button", className: "review-promote", attrs: { "aria-label": `Promote ${who} to a flag` }, on: { click: () => void act("promote", item.id, rowError) } }, "Promote to flag");
    const dismiss = h("button", { type: "button", className: "review-dismiss secondary", attrs: { "aria-label": `Dismiss ${who}` }, on: { click: () => void act("dismiss", item.id, rowError) } }, "Dismiss");
    return h("li", { className: "review-item", id: `review-${item.id}`, attrs: { "data-flag-id": item.id, "data-disposition": item.disposition } },
      h("h4", { className: "flag-title" },
        concern ? h("span", { className: "badge concern-badge" }, DISPOSITION_LABEL.concern_other) : null,
        deps.placeName(item.place)),
      h("p", { className: "flag-meta" }, "From ", h("strong", { dir: "auto" }, item.authorName), " · listed ", h("time", { className: "flag-age", dateTime: item.createdAt }, ageText(item.createdAt)), " ago"),
      ...(item.report
        ? reportLines(item.report, item.authorName)
        : [
            h("p", { className: "review-why" }, "Why it did not page: ", reasonsText(item.reasons), "."),
            h("p", { className: "flag-words" }, "Categories: ", item.categories.map(categoryLabel).join(", "), ". Matched words: ", h("q", { dir: "auto" }, item.terms.join(", "))),
          ]),
      rowError,
      h("div", { className: "flag-actions" }, context, promote, dismiss));
  }

  /** Newest first, as the server sorts them. */
  function renderAll(): void {
    const sorted = [...items.values()].sort((a, b) => b.item.createdAt.localeCompare(a.item.createdAt) || (b.item.id < a.item.id ? -1 : 1));
    list.replaceChildren(...sorted.map((e) => e.li));
    empty.hidden = items.size > 0;
    more.hidden = next === null;
  }

  function add(list: ReviewItem[]): void {
    for (const item of list) if (!items.has(item.id)) items.set(item.id, { item, li: render(item) });
  }

  async function page(before: ReviewCursor | null): Promise<void> {
    const ack = await request(ctx.socket, "flag:review_list", before ? { before, limit: PAGE } : { limit: PAGE });
    if (!ack.ok) {
      error.textContent = `The review list could not be loaded: ${ack.error.message}`;
      return;
    }
    error.textContent = "";
    if (!before) items.clear();
    add(ack.data.items);
    next = ack.data.next;
    renderAll();
  }

  async function loadMore(): Promise<void> {
    const count = items.size;
    await page(next);
    // Keep the keyboard where the new items begin.
    const first = [...list.children][count]?.querySelector("button");
    (first ?? title).focus();
  }

  /** Removes an item, keeping the focus in the list: on the next item, or the heading. */
  function remove(flagId: string): void {
    const entry = items.get(flagId);
    if (!entry) return;
    const hadFocus = entry.li.contains(document.activeElement);
    const after = (entry.li.nextElementSibling ?? entry.li.previousElementSibling) as HTMLElement | null;
    items.delete(flagId);
    entry.li.remove();
    empty.hidden = items.size > 0;
    if (hadFocus) (after?.querySelector("button") ?? title).focus();
  }

  async function act(action: "promote" | "dismiss", flagId: string, rowError: HTMLElement): Promise<void> {
    const ack = action === "promote" ? await request(ctx.socket, "flag:promote", { flagId }) : await request(ctx.socket, "flag:dismiss", { flagId });
    if (!ack.ok) {
      rowError.textContent = ack.error.message;
      // Someone else decided first: show the list as it stands now.
      if (ack.error.code === "conflict" || ack.error.code === "not_found") void page(null);
      return;
    }
    if (action === "promote") {
      remove(flagId);
      deps.promoted(ack.data as FlagSummary);
      ctx.announce("Promoted: it is now an open flag in the queue.", "polite");
    } else {
      remove(flagId);
      ctx.announce("Dismissed from the review list.", "polite");
    }
  }

  return {
    element,
    load: () => page(null),
    listed(item) {
      add([item]);
      renderAll();
    },
    unlisted: remove,
  };
}
