/**
 * What moderators see of members' reports on a review item: the reasons and notes, and how many
 * members reported it, never who. Used by the review list and by the live flag:listed event.
 */
import { MEMBER_REPORT_CATEGORY, REPORT_REASONS, type ReportReason, type ReviewItem, type ReviewItemReport } from "../../../shared/dto";
import type { FlagRecord, Store } from "../storage/ports";

const isReason = (r: string): r is ReportReason => (REPORT_REASONS as readonly string[]).includes(r);

export const isReportItem = (f: Pick<FlagRecord, "categories">): boolean => f.categories.includes(MEMBER_REPORT_CATEGORY);

/** The item with its reports' reasons and notes; the item as it is when it is not a member report. */
export async function withReports(store: Store, f: FlagRecord, item: ReviewItem): Promise<ReviewItem> {
  if (!isReportItem(f)) return item;
  const reports = await store.reports.forFlags([f.id]);
  const report: ReviewItemReport = {
    subject: f.messageId.startsWith("person:") ? "person" : "message",
    reasons: [...new Set(reports.map((r) => r.reason).filter(isReason))],
    notes: reports.map((r) => r.note).filter((n): n is string => n !== null),
    reports: reports.length,
  };
  return { ...item, report };
}
