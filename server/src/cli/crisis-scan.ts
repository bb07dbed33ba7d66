/**
 * `npm run --silent crisis:scan [-- --lexicon override.json] < in.jsonl > out.jsonl`
 * One JSON object per input line with at least `id` and `text`; one result per line, in order, on
 * stdout and nothing else. Problems go to stderr with the line number.
 */
import { createInterface } from "node:readline";
import { createDetector } from "../domain/escalation/detector";
import { lexiconFromArgs } from "./lexicon-arg";

async function main(): Promise<void> {
  const { lexicon, options } = lexiconFromArgs(process.argv.slice(2));
  const detector = createDetector(lexicon, options);
  let line = 0;
  let failed = false;
  for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    line++;
    if (raw.trim().length === 0) continue;
    let item: { id?: unknown; text?: unknown };
    try {
      item = JSON.parse(raw) as { id?: unknown; text?: unknown };
    } catch {
      process.stderr.write(`line ${line}: not JSON\n`);
      failed = true;
      continue;
    }
    if ((typeof item.id !== "string" && typeof item.id !== "number") || typeof item.text !== "string") {
      process.stderr.write(`line ${line}: needs "id" and a string "text"\n`);
      failed = true;
      continue;
    }
    const d = detector.scan(item.text);
    const out = { id: item.id, flagged: d.flagged, alert: d.alert, severity: d.severity, categories: d.categories, matches: d.matches.map((m) => ({ term: m.term, start: m.start, end: m.end })) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
