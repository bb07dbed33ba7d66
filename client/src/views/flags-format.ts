/** Words for the dashboard: severities, outcomes, categories, ages, in plain language. */
import { SEVERITIES, type FlagDisposition, type FlagOutcome, type FlagSummary, type OncallDeliveryAttempt, type ReviewReason, type Severity } from "../../../shared/dto";

/** The label is the signal; the colour only repeats it. The marker adds a shape that ranks them. */
export const SEVERITY_LABEL: Record<Severity, string> = { imminent: "Imminent", high: "High", elevated: "Elevated" };
export const SEVERITY_MARK: Record<Severity, string> = { imminent: "▲▲▲", high: "▲▲", elevated: "▲" };

export const OUTCOME_LABEL: Record<FlagOutcome, string> = {
  contacted: "Contacted the person",
  referred: "Referred to support",
  escalated_emergency: "Escalated to emergency services",
  safe: "Checked: the person is safe",
  false_positive: "Not a crisis (false alarm)",
  other: "Other (see notes)",
};

/** Why a mention paged nobody, as a moderator would say it. */
export const REASON_LABEL: Record<ReviewReason, string> = {
  negated: "says they are not (negated)",
  past: "about the past",
  hypothetical: "hypothetical or a question",
  others: "about someone else",
  joking: "said as a joke",
  support: "offering support to others",
  education: "information or education",
  media: "about a film, book, song or the news",
  content_warning: "a content warning",
  mention: "the topic mentioned in passing",
};

/** Someone else at risk is marked in words wherever it is shown, in the queue and on the review list. */
export const DISPOSITION_LABEL: Record<FlagDisposition, string> = {
  alert: "The writer's own risk",
  concern_other: "Someone else at risk",
  review: "Mention that paged nobody",
};

export function reasonsText(reasons: readonly ReviewReason[]): string {
  return reasons.length === 0 ? "no reason given" : reasons.map((r) => REASON_LABEL[r] ?? r.replace(/_/g, " ")).join("; ");
}

export function categoryLabel(category: string): string {
  // Not a lexicon category: a peer supporter asked from their conversation.
  if (category === "peer_escalation") return "peer supporter asked a moderator";
  return category.replace(/_/g, " ");
}

export function outcomeLabel(outcome: string | null): string {
  return outcome && outcome in OUTCOME_LABEL ? OUTCOME_LABEL[outcome as FlagOutcome] : (outcome ?? "");
}

/** "under a minute", "7 min", "2 h 5 min", "3 d 4 h". */
export function ageText(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The server's queue order: most severe first, then oldest first. */
export function byUrgency(a: FlagSummary, b: FlagSummary): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || Date.parse(a.dueAt) - Date.parse(b.dueAt) || Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

/** One line per call to on-call, oldest first: when, why, and how it ended (or that it is still trying). */
export function oncallLines(attempts: OncallDeliveryAttempt[], time: (iso: string) => string): string[] {
  const byDelivery = new Map<string, OncallDeliveryAttempt[]>();
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
  const why = { "flag.overdue": "still unclaimed past its deadline", "flag.unattended": "no moderator was online" };
  return [...byDelivery.values()]
    .map((list) => list.sort((a, b) => a.attempt - b.attempt))
    .sort((a, b) => a[0]!.at.localeCompare(b[0]!.at))
    .map((list) => {
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const tries = list.length === 1 ? "1 attempt" : `${list.length} attempts`;
      const result = last.outcome === "delivered" ? "reached" : last.outcome === "gave_up" ? "not reached, gave up" : "not reached yet, retrying";
      return `${time(first.at)}: on-call called (${why[first.event]}); ${result} after ${tries}.`;
    });
}
