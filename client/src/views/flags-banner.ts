/**
 * The red banner over the queue: the latest alert (a new flag, a new hit, a rise in level, an
 * overdue flag, a flag back in the queue or handed to this moderator). It follows its flag: a
 * claim or a resolution anywhere clears it, so it never points at something already in hand, and
 * "Show it" always lands on the flag.
 */
import type { FlagSummary } from "../../../shared/dto";
import { fill, h } from "../dom";
import { SEVERITY_LABEL } from "./flags-format";

export type AlertKind = "new" | "hit" | "worse" | "overdue" | "unclaimed" | "assigned";

const WHAT: Record<AlertKind, string> = {
  new: "New flag",
  hit: "New message on a flag",
  worse: "Flag raised to a higher level",
  overdue: "Overdue flag",
  unclaimed: "Flag back in the queue, nobody has it",
  assigned: "Flag handed to you",
};

export interface FlagBanner {
  element: HTMLElement;
  /** Shows the alert and returns its text, for the caller to announce. */
  show(f: FlagSummary, kind: AlertKind, place: string): string;
  /** The flag changed: clears the banner when it no longer needs anyone's attention. */
  follow(f: FlagSummary): void;
  hide(): void;
}

export function createFlagBanner(deps: { showFlag(id: string): void; me: string }): FlagBanner {
  const element = h("div", { id: "flag-alert", className: "flag-alert", hidden: true });
  let shown: { id: string; status: FlagSummary["status"]; claimedBy: string | null } | null = null;

  const hide = () => {
    element.hidden = true;
    shown = null;
  };

  return {
    element,
    hide,
    show(f, kind, place) {
      const whose = f.disposition === "concern_other" ? " (someone else at risk)" : "";
      const held = f.status === "claimed" && kind !== "assigned" ? ` Claimed by ${f.claimedBy === deps.me ? "you" : (f.claimedByName ?? "a moderator")}.` : "";
      const text = `${WHAT[kind]}: ${SEVERITY_LABEL[f.severity]}, ${place}, from ${f.authorName}${whose}.${held}`;
      fill(element,
        h("p", { className: "flag-alert-text" }, text),
        h("button", { type: "button", className: "flag-alert-show", on: { click: () => { deps.showFlag(f.id); hide(); } } }, "Show it"),
        h("button", { type: "button", className: "secondary", on: { click: hide } }, "Dismiss"));
      element.dataset.severity = f.severity;
      element.dataset.flagId = f.id;
      element.dataset.kind = kind;
      element.hidden = false;
      shown = { id: f.id, status: f.status, claimedBy: f.claimedBy };
      return text;
    },
    follow(f) {
      if (!shown || shown.id !== f.id) return;
      // Claimed, handed on, unclaimed or resolved since: the alert no longer says where it stands.
      // What still needs someone (back in the queue, a new hit, overdue) alerts afresh.
      if (f.status !== shown.status || f.claimedBy !== shown.claimedBy) hide();
    },
  };
}
