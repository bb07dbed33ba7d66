/**
 * The words a detector's lexicon knows, and how an unknown word is read against them: doubled
 * letters ("kiill", "diie"), a censored letter ("k*ll", "s*ic*de"), a one-edit typo ("suicdie"),
 * or words run together ("killmyself", "#iwanttodie"). Built once per lexicon by createDetector,
 * since deployments override the lexicon and lexicons differ by language; nothing here is global
 * but the English function words and the English word list that keeps real words as written.
 */
import { isEnglishWord } from "./english-words";
import type { Lexicon } from "./lexicon";
import { expansionOf, looseForm, normalizeWord, type Reading } from "./normalize";
import { segment } from "./segment";
import { createTypoIndex } from "./typos";

/** Pronouns and function words that run-together chat is made of besides the lexicon's words. */
const FUNCTION_WORDS = (
  "i me my mine myself you your yours yourself he him his she her it its we us our they them their this that " +
  "a an the to of in on at for with from by and or but so just now then today tonight tomorrow soon " +
  "want going go will would should could can cant dont do did not no never all it is am are was were be been " +
  "have has had really literally very too up out off again here there what when why how who feel like need " +
  "think about im ive id ill lets please"
).split(" ");

export interface Vocabulary {
  /** The words a raw word reads as, whether it stayed unknown, cached per raw word. */
  read(raw: string): Reading;
  /** A word the lexicon carries its meaning with (not a function word). */
  isContentWord(word: string): boolean;

  /** What a string no one wrote as one word (joined across a gap) reads as, if it says a lexicon word. */
  readJoined(joined: string): string[] | null;
  /** The one lexicon word a template with "?" for each censored letter can be ("k?ll"), or null. */
  fillGaps(template: string): string | null;
}

const CACHE_LIMIT = 50_000;

/** Every word of a pattern: its plain words, and the stems of its prefix words (`suicid*`). */
function patternWords(patterns: string[], words: Set<string>, stems: Set<string>): void {
  for (const pattern of patterns) {
    for (const part of pattern.split(/[\s|~()]+/)) {
      if (part.length === 0) continue;
      const stem = part.endsWith("*");
      const word = normalizeWord(stem ? part.slice(0, -1) : part);
      if (word.length > 0) (stem ? stems : words).add(word);
    }
  }
}

export function createVocabulary(lexicon: Lexicon): Vocabulary {
  const entryWords = new Set<string>();
  const stems = new Set<string>();
  patternWords(lexicon.entries.flatMap((e) => e.patterns), entryWords, stems);
  const otherWords = new Set<string>();
  patternWords([...lexicon.entries.flatMap((e) => e.exclude ?? []), ...lexicon.exclusions, ...Object.values(lexicon.modifiers).flat()], otherWords, new Set());
  const functionWords = new Set(FUNCTION_WORDS.map(normalizeWord));
  const known = new Set([...entryWords, ...otherWords, ...stems, ...functionWords]);

  const hasStem = (word: string): boolean => {
    for (let k = 3; k <= word.length; k++) if (stems.has(word.slice(0, k))) return true;
    return false;
  };
  // An inflection of a prefix word ("killing" for `kil*`) counts when it is a real word.
  const isLexiconWord = (w: string) => entryWords.has(w) || (hasStem(w) && (stems.has(w) || isEnglishWord(w)));
  const isContentWord = (w: string) => w.length >= 3 && !functionWords.has(w) && isLexiconWord(w);
  const isKnown = (w: string) => known.has(w) || expansionOf(w) !== undefined || isEnglishWord(w);

  // Loose forms ("kil" for kill), whole words before stems, so "kiill" reads as "kill".
  const byLooseForm = new Map<string, string>();
  for (const w of [...entryWords, ...stems]) if (!byLooseForm.has(looseForm(w))) byLooseForm.set(looseForm(w), w);
  // "myslef" is as much a typo of "myself" as "sucidal" is of "suicidal".
  const typos = createTypoIndex(entryWords);

  const segmentWords = {
    isPiece: (p: string) => known.has(p) || expansionOf(p) !== undefined || (hasStem(p) && isEnglishWord(p)),
    isContent: (p: string) => isContentWord(p) || (expansionOf(p)?.some(isContentWord) ?? false),
  };
  const expand = (words: string[]) => words.flatMap((w) => expansionOf(w) ?? [w]);

  function fillGaps(template: string): string | null {
    const fits = (word: string, at: number) => [...word].every((c, i) => template[at + i] === "?" || template[at + i] === c);
    const found = new Set<string>();
    for (const w of entryWords) if (w.length === template.length && fits(w, 0)) found.add(w);
    // A stem and a written ending: "k*lling" for `kil*`.
    for (const s of stems) {
      const rest = template.slice(s.length);
      if (s.length >= 3 && s.length < template.length && !rest.includes("?") && fits(s, 0)) found.add(s + rest);
    }
    return found.size === 1 ? [...found][0]! : null;
  }

  /** An unknown word's reading, or null: doubled letters, then a typo, then run-together words. */
  function resolve(word: string): string[] | null {
    if (!/^\p{L}+$/u.test(word)) return null;
    if (/(.)\1/u.test(word)) {
      const loose = byLooseForm.get(looseForm(word));
      if (loose !== undefined && loose !== word) return [loose];
    }
    const corrected = typos.correct(word);
    if (corrected !== null) return [corrected];
    const pieces = segment(word, segmentWords);
    return pieces === null ? null : expand(pieces);
  }

  // Per distinct spelling, as chat repeats its words (and its unknown ones: names, slang).
  const cache = new Map<string, Reading>();
  const joinedCache = new Map<string, string[] | null>();
  function read(raw: string): Reading {
    let hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const word = normalizeWord(raw);
    const stretched = /(\p{L})\1{2,}/iu.test(raw);
    // A censored letter ("k*ll", "d*e") is a gap to fill, not a letter missing, even where the
    // letters left happen to spell a word ("de").
    const censored = raw.includes("*") ? fillGaps(raw.split("*").map(normalizeWord).join("?")) : null;
    const expanded = censored !== null ? [censored] : expansionOf(word);
    if (expanded !== undefined) hit = { words: expanded, stretched, unknown: false };
    else if (word.length === 0 || isKnown(word)) hit = { words: word.length === 0 ? [] : [word], stretched, unknown: false };
    else {
      const resolved = resolve(word);
      hit = { words: resolved ?? [word], stretched, unknown: resolved === null };
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, hit);
    return hit;
  }

  return {
    read,
    isContentWord,
    fillGaps,
    readJoined(joined) {
      let hit = joinedCache.get(joined);
      if (hit === undefined) {
        const words = isContentWord(joined) ? [joined] : isKnown(joined) ? null : resolve(joined);
        hit = words !== null && words.some(isContentWord) ? words : null;
        if (joinedCache.size >= CACHE_LIMIT) joinedCache.clear();
        joinedCache.set(joined, hit);
      }
      return hit;
    },
  };
}
