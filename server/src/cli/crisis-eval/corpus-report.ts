/**
 * The report for long posts labelled 0/1 by their source ({id, text, label, source_label}): recall
 * on label 1 and the rate per source, for any hit (paging or listed), for paging hits, at high or
 * above and at imminent.
 */
import type { Detection } from "../../domain/escalation/detection";

export interface CorpusItem {
  text: string;
  label: number;
  source_label?: string;
}

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

function section(print: (line: string) => void, title: string, items: CorpusItem[], hit: boolean[]): void {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const bySource = new Map<string, { n: number; hit: number }>();
  items.forEach((item, i) => {
    const f = hit[i]!;
    if (f && item.label === 1) tp++;
    if (f && item.label !== 1) fp++;
    if (!f && item.label === 1) fn++;
    const key = item.source_label ?? "(none)";
    const s = bySource.get(key) ?? { n: 0, hit: 0 };
    s.n++;
    if (f) s.hit++;
    bySource.set(key, s);
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  print(`\n${title}`);
  print(`  recall (label 1)  ${recall.toFixed(3)}  (${tp}/${tp + fn})`);
  print(`  precision         ${precision.toFixed(3)}`);
  print(`  F1                ${f1.toFixed(3)}`);
  print("  rate by source_label:");
  for (const [source, s] of [...bySource].sort()) print(`    ${source.padEnd(24)} ${pct(s.hit, s.n).padStart(7)}  (${s.hit}/${s.n})`);
}

export function corpusReport(print: (line: string) => void, items: CorpusItem[], detections: Detection[]): void {
  section(print, "flagged (paging or listed)", items, detections.map((d) => d.flagged));
  section(print, "paging moderators", items, detections.map((d) => d.alert));
  section(print, "paging, high or above", items, detections.map((d) => d.alert && (d.severity === "high" || d.severity === "imminent")));
  section(print, "paging, imminent", items, detections.map((d) => d.severity === "imminent"));
}
