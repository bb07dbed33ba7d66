/**
 * The plain way to match one lexicon pattern: one regular expression over the normalised words
 * written as " w1 w2 w3 ". The scanner benchmark's baseline, and the unit tests' reference for
 * what the automaton must find.
 */
import type { Lexicon } from "../server/src/domain/escalation/lexicon";
import { normalizeWord } from "../server/src/domain/escalation/normalize";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function word(w: string): string {
  const prefix = w.endsWith("*");
  const body = normalizeWord(prefix ? w.slice(0, -1) : w);
  return prefix ? `${escape(body)}\\S*` : `${escape(body)}(?= )`;
}

function part(p: string): string {
  const optional = p.startsWith("(") && p.endsWith(")");
  const alts = (optional ? p.slice(1, -1) : p).split("|").map(word).join("|");
  return optional ? `(?:(?:${alts}) )?` : `(?:${alts}) `;
}

export function patternRegex(pattern: string): RegExp {
  const segments = pattern.split("~").map((s) => s.trim().split(/\s+/).map(part).join(""));
  return new RegExp(` ${segments.join("(?:\\S+ ){0,3}")}`);
}

/** Every pattern of a lexicon: entries, their exclusions, global exclusions and modifiers. */
export const lexiconPatterns = (lexicon: Lexicon): string[] => [
  ...lexicon.entries.flatMap((e) => [...e.patterns, ...(e.exclude ?? [])]),
  ...lexicon.exclusions,
  ...Object.values(lexicon.modifiers).flat(),
];
