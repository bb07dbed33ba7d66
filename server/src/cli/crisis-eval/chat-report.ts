/**
 * The report for chat messages labelled by whether moderators should be paged ({id, text, label:
 * "alert" | "no_alert" | "concern_other", severity, kind, lang}): the figures the detector is held
 * to, a breakdown by language and kind, and every miss and false page by id, never by text.
 */
import type { Detection } from "../../domain/escalation/detection";
import type { Severity } from "../../domain/escalation/lexicon";

export interface ChatItem {
  id: string;
  text: string;
  label: "alert" | "no_alert" | "concern_other";
  severity: Severity | null;
  kind?: string;
  lang?: string;
}

export const isChatItem = (value: unknown): value is ChatItem =>
  typeof value === "object" && value !== null && typeof (value as ChatItem).label === "string" && ["alert", "no_alert", "concern_other"].includes((value as ChatItem).label);

const ratio = (n: number, d: number) => (d === 0 ? "  n/a" : (n / d).toFixed(2));
const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

interface Row {
  item: ChatItem;
  d: Detection;
}

function count(rows: Row[], pick: (r: Row) => boolean, hit: (r: Row) => boolean): [number, number] {
  const chosen = rows.filter(pick);
  return [chosen.filter(hit).length, chosen.length];
}

export function chatReport(print: (line: string) => void, items: ChatItem[], detections: Detection[]): void {
  const rows: Row[] = items.map((item, i) => ({ item, d: detections[i]! }));
  const alertRecall = count(rows, (r) => r.item.label === "alert", (r) => r.d.alert);
  const falsePages = count(rows, (r) => r.item.label === "no_alert", (r) => r.d.alert);
  const foreign = count(rows, (r) => r.item.label === "alert" && (r.item.lang ?? "en") !== "en", (r) => r.d.alert);
  const imminent = count(rows, (r) => r.item.severity === "imminent", (r) => r.d.alert && r.d.severity === "imminent");
  const concern = count(rows, (r) => r.item.label === "concern_other", (r) => r.d.flagged);
  print("\n| measure | value | target |\n| --- | --- | --- |");
  print(`| \`alert\` messages that page moderators (recall) | ${ratio(...alertRecall)} (${alertRecall.join("/")}) | >= 0.90 |`);
  print(`| \`no_alert\` messages that page moderators | ${pct(...falsePages)} (${falsePages.join("/")}) | <= 5% |`);
  print(`| non-English \`alert\` recall | ${ratio(...foreign)} (${foreign.join("/")}) | >= 0.85 |`);
  print(`| \`imminent\` messages rated imminent | ${ratio(...imminent)} (${imminent.join("/")}) | >= 0.70 |`);
  print(`| \`concern_other\` messages that reach moderators | ${ratio(...concern)} (${concern.join("/")}) | >= 0.80 |`);

  const listed = count(rows, (r) => r.item.label === "no_alert", (r) => r.d.flagged && !r.d.alert);
  print(`\nno_alert messages on the review list (paging nobody): ${pct(...listed)} (${listed.join("/")})`);
  const exact = count(rows, (r) => r.item.label === "alert" && r.d.alert, (r) => r.d.severity === r.item.severity);
  print(`alerts paged at their labelled tier: ${pct(...exact)} (${exact.join("/")})`);

  print("\nby language: alert recall, no_alert paged");
  for (const lang of [...new Set(items.map((i) => i.lang ?? "en"))].sort()) {
    const inLang = (r: Row) => (r.item.lang ?? "en") === lang;
    const rec = count(rows, (r) => inLang(r) && r.item.label === "alert", (r) => r.d.alert);
    const fp = count(rows, (r) => inLang(r) && r.item.label === "no_alert", (r) => r.d.alert);
    print(`  ${lang}  ${ratio(...rec)} (${rec.join("/")})   ${pct(...fp)} (${fp.join("/")})`);
  }
  print("\nby kind: paged / total");
  for (const kind of [...new Set(items.map((i) => `${i.label} ${i.kind ?? "-"}`))].sort()) {
    const k = count(rows, (r) => `${r.item.label} ${r.item.kind ?? "-"}` === kind, (r) => r.d.alert);
    print(`  ${kind.padEnd(32)} ${k.join("/")}`);
  }
  const list = (title: string, chosen: Row[], show: (r: Row) => string) => {
    print(`\n${title} (${chosen.length})`);
    for (const r of chosen) print(`  ${r.item.id} ${r.item.lang ?? "en"} ${r.item.kind ?? "-"} ${show(r)}`);
  };
  list("alerts missed", rows.filter((r) => r.item.label === "alert" && !r.d.alert), (r) => `labelled ${r.item.severity}, ${r.d.flagged ? `listed: ${r.d.reasons.join(",")}` : "no hit"}`);
  list("no_alert messages paged", rows.filter((r) => r.item.label === "no_alert" && r.d.alert), (r) => `${r.d.severity} ${r.d.matches.filter((m) => m.reason === null).map((m) => m.entryId).join(",")}`);
  list("imminent rated lower", rows.filter((r) => r.item.severity === "imminent" && r.d.alert && r.d.severity !== "imminent"), (r) => `${r.d.severity}`);
  list("concern_other not reaching moderators", rows.filter((r) => r.item.label === "concern_other" && !r.d.flagged), () => "");
}
