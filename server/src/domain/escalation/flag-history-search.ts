/** Free-text matching for the flag history: over what a moderator wrote and what the flag was about. */
import type { FlagRecord } from "../../storage/ports";

/** Case- and accent-insensitive, so "Crisis team" finds "crisis team" and "équipe" finds "equipe". */
const fold = (s: string): string => s.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/** Every word of the query appears somewhere in the notes, the categories or the outcome. */
export function matchesHistoryQuery(f: Pick<FlagRecord, "notes" | "categories" | "outcome">, query: string): boolean {
  const haystack = fold([f.notes ?? "", ...f.categories, ...f.categories.map((c) => c.replace(/_/g, " ")), f.outcome ?? ""].join("\n"));
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
