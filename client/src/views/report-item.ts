/**
 * How a member's report reads on the review list: what was reported, why, and the reporters' notes,
 * always as "a member": the reporter is not shown to moderators (admins find them in the audit log).
 */
import type { ReportReason, ReviewItemReport } from "../../../shared/dto";
import { h } from "../dom";
import { userText } from "../message-format";

export const REPORT_REASON_LABEL: Record<ReportReason, string> = {
  harassment: "Harassment or bullying",
  unsafe_content: "Unsafe or harmful content",
  spam: "Spam or advertising",
  other: "Something else",
};

export function reportLines(r: ReviewItemReport, authorName: string): HTMLElement[] {
  const by = r.reports === 1 ? "Reported by a member" : `Reported by ${r.reports} members`;
  const what = r.subject === "person" ? `${authorName}, the person` : `a message from ${authorName}`;
  return [
    h("p", { className: "report-by" }, h("span", { className: "badge report-badge" }, "Member report"), " ", by, ": ", what, "."),
    h("p", { className: "report-reasons" }, "Reason: ", r.reasons.map((x) => REPORT_REASON_LABEL[x]).join(", ") || "not given", "."),
    r.notes.length > 0
      ? h("ul", { className: "report-notes", attrs: { "aria-label": "Notes from the report" } }, ...r.notes.map((n) => h("li", null, userText(n, "note"))))
      : h("p", { className: "muted" }, "No note."),
  ];
}
