/**
 * Reporting a message or its author to the moderators: a Report button under someone else's
 * message opens a small modal dialog (native <dialog>: focus stays inside, Escape closes it) with
 * what to report, why, and an optional note. The reporter only ever learns that it arrived.
 */
import type { ReportReason } from "../../shared/dto";
import { request } from "./connection";
import { h } from "./dom";
import { safetyButtons } from "./safety";
import type { ViewContext } from "./views/view";

/** Matches shared/dto.ts REPORT_REASONS, in plain words. */
const REASONS: { value: ReportReason; label: string }[] = [
  { value: "harassment", label: "Harassment or bullying" },
  { value: "unsafe_content", label: "Unsafe or harmful content" },
  { value: "spam", label: "Spam or advertising" },
  { value: "other", label: "Something else" },
];
export const MAX_NOTE_CHARS = 500;

export type ReportPlace = { roomId: string } | { conversationId: string };
export interface Reportable {
  place: ReportPlace;
  messageId: string;
  authorId: string;
  authorName: string;
}

let serial = 0;

/** The Report button under someone else's message. */
export function reportButton(ctx: ViewContext, m: Reportable): HTMLButtonElement {
  const button: HTMLButtonElement = h(
    "button",
    { type: "button", className: "link report", attrs: { "aria-label": `Report ${m.authorName}'s message`, "aria-haspopup": "dialog" }, on: { click: () => openReportDialog(ctx, m, button) } },
    "Report",
  );
  return button;
}

export function openReportDialog(ctx: ViewContext, m: Reportable, returnFocus: HTMLElement): HTMLDialogElement {
  const id = `report-${++serial}`;
  const error = h("p", { className: "error", attrs: { role: "alert" } });
  const radios = (name: string, options: { value: string; label: string }[]) =>
    options.map((o, i) =>
      h("label", { className: "choice" }, h("input", { type: "radio", name, value: o.value, required: true, checked: i === 0 && name.endsWith("-subject") }), " ", o.label),
    );
  const note = h("textarea", { id: `${id}-note`, name: "note", rows: 3, maxLength: MAX_NOTE_CHARS });
  const send = h("button", { type: "submit" }, "Send report");
  const cancel = h("button", { type: "button", className: "secondary", on: { click: () => dialog.close() } }, "Cancel");
  const form = h(
    "form",
    { on: { submit: (e: Event) => void submit(e) } },
    h("fieldset", null, h("legend", null, "What are you reporting?"), ...radios(`${id}-subject`, [
      { value: "message", label: "This message" },
      { value: "person", label: `${m.authorName}, the person` },
    ])),
    h("fieldset", null, h("legend", null, "Why?"), ...radios(`${id}-reason`, REASONS)),
    h("label", { htmlFor: note.id }, "Anything moderators should know (optional)"),
    note,
    h("p", { className: "muted" }, "The person you report is not told who reported them."),
    error,
    h("div", { className: "dialog-buttons" }, send, cancel),
  );
  const dialog = h(
    "dialog",
    { className: "report-dialog", attrs: { "aria-labelledby": `${id}-title` } },
    safetyButtons(() => dialog.close()),
    h("h2", { id: `${id}-title` }, "Report to the moderators"),
    form,
  );

  let sending = false;
  async function submit(e: Event): Promise<void> {
    e.preventDefault();
    const data = new FormData(form);
    const reason = data.get(`${id}-reason`) as ReportReason | null;
    if (!reason) {
      error.textContent = "Choose a reason.";
      return;
    }
    const text = note.value.trim();
    const common = { ...m.place, reason, ...(text ? { note: text } : {}) };
    // Not disabled while sending: a disabled button would drop the focus it holds to the page.
    if (sending) return;
    sending = true;
    error.textContent = "";
    const ack =
      data.get(`${id}-subject`) === "person"
        ? await request(ctx.socket, "report:person", { ...common, userId: m.authorId })
        : await request(ctx.socket, "report:message", { ...common, messageId: m.messageId });
    sending = false;
    if (!ack.ok) {
      error.textContent = `Your report was not sent. ${ack.error.message}`;
      return;
    }
    // The dialog now says only that it arrived; the reporter learns nothing more.
    const close = h("button", { type: "button", on: { click: () => dialog.close() } }, "Close");
    form.replaceWith(h("p", { className: "report-sent", attrs: { role: "status" } }, ack.data.message), h("div", { className: "dialog-buttons" }, close));
    ctx.announce(ack.data.message);
    close.focus();
  }

  dialog.addEventListener("close", () => {
    dialog.remove();
    if (returnFocus.isConnected) returnFocus.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
