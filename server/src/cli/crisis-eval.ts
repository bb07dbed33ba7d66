/**
 * `npm run crisis:eval -- <file.jsonl> [--lexicon override.json] [--languages en,es]`
 * Measures the detector on labelled text. Chat messages labelled alert / no_alert / concern_other
 * get the paging figures, by language and kind, with misses listed by id; long posts labelled 0/1
 * by source get recall and rate per source. Prints numbers and ids only, never the texts.
 */
import { readFileSync } from "node:fs";
import { createDetector } from "../domain/escalation/detector";
import { chatReport, isChatItem, type ChatItem } from "./crisis-eval/chat-report";
import { corpusReport, type CorpusItem } from "./crisis-eval/corpus-report";
import { lexiconFromArgs } from "./lexicon-arg";

const print = (line: string) => process.stdout.write(`${line}\n`);

function main(): void {
  const { lexicon, options, rest } = lexiconFromArgs(process.argv.slice(2));
  const file = rest[0];
  if (!file) {
    process.stderr.write("usage: npm run crisis:eval -- <file.jsonl> [--lexicon override.json] [--languages en,es]\n");
    process.exit(2);
  }
  const items = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as unknown);
  const detector = createDetector(lexicon, options);
  const detections = items.map((i) => detector.scan((i as { text: string }).text));
  print(`lexicon ${lexicon.version}, ${items.length} texts`);
  if (items.every(isChatItem)) chatReport(print, items as ChatItem[], detections);
  else corpusReport(print, items as CorpusItem[], detections);
}

main();
