import { readFileSync } from "node:fs";
import { DEFAULT_LEXICON } from "../domain/escalation/default-lexicon";
import type { Lexicon } from "../domain/escalation/lexicon";
import { applyOverride } from "../domain/escalation/overrides";

/** The shipped lexicon, with `--lexicon <override.json>` (or CRISIS_LEXICON_FILE) applied. */
export function lexiconFromArgs(argv: string[]): { lexicon: Lexicon; rest: string[] } {
  const rest: string[] = [];
  let file = process.env.CRISIS_LEXICON_FILE;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--lexicon") file = argv[++i];
    else rest.push(argv[i]!);
  }
  const lexicon = file ? applyOverride(DEFAULT_LEXICON, JSON.parse(readFileSync(file, "utf8"))) : DEFAULT_LEXICON;
  return { lexicon, rest };
}
