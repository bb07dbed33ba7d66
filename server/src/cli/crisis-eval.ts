/**
 * `npm run crisis:eval -- <file.jsonl> [--lexicon override.json]`
 * Measures the detector on labelled text ({id, text, label: 0|1, source_label}): recall on label 1,
 * flag rate per source_label, precision and F1, at any tier, at high-or-above and at imminent.
 * Prints numbers only, never the texts.
 */
import { readFileSync } from "node:fs";
import { createDetector } from "../domain/escalation/detector";
import type { Severity } from "../domain/escalation/lexicon";
import { lexiconFromArgs } from "./lexicon-arg";

interface Item {
  text: string;
  label: number;
  source_label?: string;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

function report(title: string, items: Item[], flagged: boolean[]): void {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const bySource = new Map<string, { n: number; flagged: number }>();
  items.forEach((item, i) => {
    const f = flagged[i]!;
    if (f && item.label === 1) tp++;
    if (f && item.label !== 1) fp++;
    if (!f && item.label === 1) fn++;
    const s = bySource.get(item.source_label ?? "(none)") ?? { n: 0, flagged: 0 };
    s.n++;
    if (f) s.flagged++;
    bySource.set(item.source_label ?? "(none)", s);
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  print(`\n${title}`);
  print(`  recall (label 1)  ${recall.toFixed(3)}  (${tp}/${tp + fn})`);
  print(`  precision         ${precision.toFixed(3)}`);
  print(`  F1                ${f1.toFixed(3)}`);
  print("  flag rate by source_label:");
  for (const [source, s] of [...bySource].sort()) print(`    ${source.padEnd(24)} ${pct(s.flagged, s.n).padStart(7)}  (${s.flagged}/${s.n})`);
}

function main(): void {
  const { lexicon, options, rest } = lexiconFromArgs(process.argv.slice(2));
  const file = rest[0];
  if (!file) {
    process.stderr.write("usage: npm run crisis:eval -- <file.jsonl> [--lexicon override.json]\n");
    process.exit(2);
  }
  const items = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Item);
  const detector = createDetector(lexicon, options);
  const severities: (Severity | null)[] = items.map((i) => detector.scan(i.text).severity);
  print(`lexicon ${lexicon.version}, ${items.length} texts`);
  report("any tier", items, severities.map((s) => s !== null));
  report("high or above", items, severities.map((s) => s === "high" || s === "imminent"));
  report("imminent", items, severities.map((s) => s === "imminent"));
}

main();
