import { readFileSync } from "node:fs";
import { shippedLexicon } from "../domain/escalation/default-lexicon";
import type { Lexicon } from "../domain/escalation/lexicon";
import { applyOverride } from "../domain/escalation/overrides";

/**
 * The shipped lexicon in `--languages a,b` (or CRISIS_LANGUAGES; all by default), with
 * `--lexicon <override.json>` (or CRISIS_LEXICON_FILE) applied.
 */
export function lexiconFromArgs(argv: string[]): { lexicon: Lexicon; rest: string[] } {
  const rest: string[] = [];
  let file = process.env.CRISIS_LEXICON_FILE;
  let languages = process.env.CRISIS_LANGUAGES;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--lexicon") file = argv[++i];
    else if (argv[i] === "--languages") languages = argv[++i];
    else rest.push(argv[i]!);
  }
  const base = shippedLexicon(languages ? languages.split(",").map((l) => l.trim().toLowerCase()).filter(Boolean) : undefined);
  const lexicon = file ? applyOverride(base, JSON.parse(readFileSync(file, "utf8"))) : base;
  return { lexicon, rest };
}
