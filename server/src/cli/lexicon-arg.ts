import { readFileSync } from "node:fs";
import { shippedLexicon } from "../domain/escalation/default-lexicon";
import type { DetectorOptions } from "../domain/escalation/detector";
import type { Lexicon } from "../domain/escalation/lexicon";
import { applyOverride } from "../domain/escalation/overrides";

/**
 * The shipped lexicon in `--languages a,b` (or CRISIS_LANGUAGES; all by default), with
 * `--lexicon <override.json>` (or CRISIS_LEXICON_FILE) applied, and the detector's options:
 * `--concern-other page|list` (or CRISIS_CONCERN_OTHER, as the server reads it).
 */
export function lexiconFromArgs(argv: string[]): { lexicon: Lexicon; options: DetectorOptions; rest: string[] } {
  const rest: string[] = [];
  let file = process.env.CRISIS_LEXICON_FILE;
  let languages = process.env.CRISIS_LANGUAGES;
  let concernOther = process.env.CRISIS_CONCERN_OTHER ?? "page";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--lexicon") file = argv[++i];
    else if (argv[i] === "--languages") languages = argv[++i];
    else if (argv[i] === "--concern-other") concernOther = argv[++i] ?? "";
    else rest.push(argv[i]!);
  }
  if (concernOther !== "page" && concernOther !== "list") throw new Error(`--concern-other (CRISIS_CONCERN_OTHER) must be page or list, not "${concernOther}"`);
  const base = shippedLexicon(languages ? languages.split(",").map((l) => l.trim().toLowerCase()).filter(Boolean) : undefined);
  const lexicon = file ? applyOverride(base, JSON.parse(readFileSync(file, "utf8"))) : base;
  return { lexicon, options: { concernOther }, rest };
}
