/**
 * Look-alike letters read as the Latin letters they imitate (Cyrillic і and е in "kіll mysеlf",
 * Greek ο, small capitals ᴋɪʟʟ), only inside a word that is otherwise Latin: a word written
 * wholly in Cyrillic or Greek is a real word of that language and stays as it is.
 *
 * The table comes from Unicode's confusables data (the skeleton prototypes of UTS #39, Unicode
 * 13's confusables.txt), as shipped by the `unhomoglyph` package, rather than from a list written
 * here: a hand-made list misses most of the thousands of look-alikes an evader can pick from. Unicode leaves small
 * capitals as their own prototypes, so their letters come from small-capitals.json, generated
 * from the Unicode character names (scripts/gen-small-capitals.mjs).
 */
import { readFileSync } from "node:fs";
import smallCapitals from "./small-capitals.json";

const SMALL_CAPITALS = new Map<string, string>(Object.entries(smallCapitals));
const LATIN = /\p{Script=Latin}/u;
const LETTER = /^\p{L}$/u;
const ASCII_LETTER = /^[a-z]$/;

/** A prototype to the one Latin letter it is, if it is one (case, accents and small capitals folded). */
function latinLetter(prototype: string): string | null {
  const folded = prototype.normalize("NFKC").toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
  if (ASCII_LETTER.test(folded)) return folded;
  return SMALL_CAPITALS.get(folded) ?? null;
}

function loadTable(): Map<string, string> {
  // The JSON is read, not imported: its type would be one property per character.
  const data = JSON.parse(readFileSync(require.resolve("unhomoglyph/data.json"), "utf8")) as Record<string, string>;
  const table = new Map<string, string>(SMALL_CAPITALS);
  for (const [source, prototype] of Object.entries(data)) {
    // Text is case-folded before this table is read, so only lower-case sources are looked up.
    const key = source.toLowerCase();
    if (key.charCodeAt(0) < 128 || !LETTER.test(key) || table.has(key)) continue;
    const letter = latinLetter(prototype);
    if (letter !== null) table.set(key, letter);
  }
  // Each capital's prototype too, when its lower-case form is not itself a look-alike (Greek Κ, Ν).
  for (const [source, prototype] of Object.entries(data)) {
    const key = source.toLowerCase();
    if (key === source || table.has(key) || !LETTER.test(key) || key.charCodeAt(0) < 128) continue;
    const letter = latinLetter(prototype);
    if (letter !== null) table.set(key, letter);
  }
  return table;
}

// Loaded on the first word that needs it: most chat is ASCII.
let lookalikes: Map<string, string> | null = null;
const NON_ASCII = /[^ -~]/;

/**
 * A folded (lower-case, accent-free) word with its look-alike letters read as Latin, when the
 * word has a Latin letter of its own, or is one letter imitating "i" or "a"; otherwise unchanged.
 */
export function latinLookalikes(word: string): string {
  if (!NON_ASCII.test(word)) return word;
  if (!LATIN.test(word)) {
    // A word of one look-alike letter has no Latin letter to go by: read it as "i" or "a", the
    // only one-letter words of English ("і wish і was dead"). In Cyrillic text it is a word of
    // its own ("і", "а"), and reading it as "i" or "a" there makes no English phrase.
    if (word.length !== 1) return word;
    lookalikes ??= loadTable();
    const letter = lookalikes.get(word);
    return letter === "i" || letter === "a" ? letter : word;
  }
  lookalikes ??= loadTable();
  let out = "";
  for (const ch of word) out += lookalikes.get(ch) ?? ch;
  return out;
}
