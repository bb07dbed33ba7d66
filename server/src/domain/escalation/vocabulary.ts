/**
 * The words a detector's lexicon knows, and how an unknown word is read against them: doubled
 * letters ("kiill", "diie"), a censored letter ("k*ll", "s*ic*de"), a one-edit typo ("suicdie"),
 * or words run together ("killmyself", "#iwanttodie"). Built once per lexicon by createDetector,
 * since deployments override the lexicon and lexicons differ by language; nothing here is global
 * but the English function words and the English word list that keeps real words as written.
 */
import { isEnglishWord } from "./english-words";
import type { Lexicon } from "./lexicon";
import * as normalize from "./normalize";
import type { Reading } from "./normalize";
import { segment, type SegmentWords } from "./segment";
import { createTypoIndex, MIN_TYPO_LENGTH } from "./typos";

/** Pronouns and function words (English) that run-together chat is made of besides the lexicon's words. */
const FUNCTION_WORDS = (
  "i me my mine myself you your yours yourself he him his she her it its we us our they them their this that " +
  "a an the to of in on at for with from by and or but so just now then today tonight tomorrow soon " +
  "want going go will would should could can cant dont do did not no never all it is am are was were be been " +
  "have has had really literally very too up out off again here there what when why how who feel like need " +
  "think about im ive id ill lets please " +
  // Contractions as chat writes them, without the apostrophe: words, not typos ("couldnt" is not "wouldnt").
  "dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt hadnt " +
  "youre youve youll youd theyre theyve thats whats theres hes shes were"
).split(" ");

export interface Vocabulary {
  /** The words a raw word reads as, whether it stayed unknown, cached per raw word. */
  read(raw: string): Reading;
  /** A word the lexicon carries its meaning with (not a function word). */
  isContentWord(word: string): boolean;
  /** A word of the lexicon's patterns, a function word or an abbreviation. */
  inVocabulary(word: string): boolean;
  /** What two halves of a broken word read as together: a real word, or a reading with a lexicon word. */
  readJoined(joined: string): string[] | null;
  /** The one lexicon word a template with "?" for each censored letter can be ("k?ll"), or null. */
  fillGaps(template: string): string | null;
}

const CACHE_LIMIT = 50_000;
// Bound once: a module's exports may be getters, too slow to call in the segmentation's loops.
const { expansionOf, looseForm, normalizeWord } = normalize;

/**
 * Every word of a pattern: its plain words, and the stems of its prefix words (`suicid*`), each
 * with how many patterns use it.
 */
function patternWords(patterns: string[], words: Map<string, number>, stems: Map<string, number>): void {
  for (const pattern of patterns) {
    for (const part of pattern.split(/[\s|~()]+/)) {
      if (part.length === 0) continue;
      const stem = part.endsWith("*");
      const word = normalizeWord(stem ? part.slice(0, -1) : part);
      const into = stem ? stems : words;
      if (word.length > 0) into.set(word, (into.get(word) ?? 0) + 1);
    }
  }
}

/** How long a prefix word's stem must be to make any word it starts a word of the lexicon. */
const LONG_STEM = 6;

/** The words of each language's entries (patterns and their exclusions), English first. */
function wordsByLanguage(lexicon: Lexicon): Map<string, Set<string>> {
  const languages = new Map<string, Set<string>>([["en", new Set()]]);
  for (const e of lexicon.entries) {
    const found = new Map<string, number>();
    patternWords([...e.patterns, ...(e.exclude ?? [])], found, new Map());
    const lang = e.lang ?? "en";
    let set = languages.get(lang);
    if (set === undefined) languages.set(lang, (set = new Set()));
    for (const w of found.keys()) set.add(w);
  }
  return languages;
}

export function createVocabulary(lexicon: Lexicon): Vocabulary {
  const uses = new Map<string, number>();
  const stemUses = new Map<string, number>();
  patternWords(lexicon.entries.flatMap((e) => e.patterns), uses, stemUses);
  const entryWords = new Set(uses.keys());
  const stems = new Set(stemUses.keys());
  const others = new Map<string, number>();
  patternWords([...lexicon.entries.flatMap((e) => e.exclude ?? []), ...lexicon.exclusions, ...Object.values(lexicon.modifiers).flat()], others, new Map());
  const otherWords = new Set(others.keys());
  const functionWords = new Set(FUNCTION_WORDS.map(normalizeWord));
  const wholeWords = new Set([...entryWords, ...otherWords, ...functionWords]);
  const known = new Set([...wholeWords, ...stems]);

  // Stems by their first three letters, so a word is checked against a few stems, not all.
  const stemsByStart = new Map<string, string[]>();
  for (const s of stems) if (s.length >= 3) stemsByStart.set(s.slice(0, 3), [...(stemsByStart.get(s.slice(0, 3)) ?? []), s]);
  const hasStem = (word: string): boolean => stemsByStart.get(word.slice(0, 3))?.some((s) => word.startsWith(s)) ?? false;
  // An inflection of a prefix word ("killing" for `kil*`) counts when it is a real word.
  // A word on a long stem is that word in any language ("suizidgedanken" for `suizidgedank*`).
  const hasLongStem = (w: string) => stemsByStart.get(w.slice(0, 3))?.some((st) => st.length >= LONG_STEM && w.startsWith(st)) ?? false;
  const isLexiconWord = (w: string) => entryWords.has(w) || (hasStem(w) && (stems.has(w) || isEnglishWord(w) || hasLongStem(w)));
  const isContentWord = (w: string) => w.length >= 3 && !functionWords.has(w) && isLexiconWord(w);
  const inVocabulary = (w: string) => known.has(w) || expansionOf(w) !== undefined || isLexiconWord(w);
  const isKnown = (w: string) => inVocabulary(w) || isEnglishWord(w);

  // Loose forms ("kil" for kill), whole words before stems, so "kiill" reads as "kill".
  const byLooseForm = new Map<string, string>();
  for (const w of [...entryWords, ...stems, ...functionWords, ...otherWords]) if (!byLooseForm.has(looseForm(w))) byLooseForm.set(looseForm(w), w);
  // "myslef" is as much a typo of "myself" as "sucidal" is of "suicidal".
  // One index a language, English first: a word one edit from words of two languages ("bteter":
  // "better", Dutch "beter") is read in the first that has exactly one.
  const typoIndexes = [...wordsByLanguage(lexicon).values()].map((words) => createTypoIndex([...words].filter((w) => entryWords.has(w))));
  const typos = { correct: (w: string) => typoIndexes.reduce<string | null>((found, index) => found ?? index.correct(w), null) };
  const stemTypos = createTypoIndex(stems);

  /** A typo in a word made on a lexicon stem ("haording" for `hoard*`): the stem corrected, if that makes a real word. */
  function correctStem(word: string): string | null {
    for (let k = Math.min(word.length - 1, stemTypos.maxLength); k >= Math.max(stemTypos.minLength, MIN_TYPO_LENGTH - 1); k--) {
      const stem = stemTypos.correct(word.slice(0, k));
      if (stem !== null && isEnglishWord(stem + word.slice(k))) return stem + word.slice(k);
    }
    return null;
  }

  /**
   * A word with doubled letters ("kiill", "piills", "hooarding") as a word the lexicon knows with
   * one letter of some of its doubles, trying at most eight spellings.
   */
  function undouble(word: string): string | null {
    const doubles: number[] = [];
    for (let i = 1; i < word.length && doubles.length < 3; i++) if (word[i] === word[i - 1]) doubles.push(i);
    for (let mask = 1; mask < 1 << doubles.length; mask++) {
      let variant = word;
      for (let d = doubles.length - 1; d >= 0; d--) if (mask & (1 << d)) variant = variant.slice(0, doubles[d]) + variant.slice(doubles[d]! + 1);
      if (inVocabulary(variant)) return variant;
    }
    return null;
  }

  // Run-together text is cut into the words of one language at a time: with several languages in
  // one vocabulary, a rare word of one ("toen", "iam") would otherwise beat the common words of
  // another ("to end", "i am"). English brings the function words.
  const languages = wordsByLanguage(lexicon);
  languages.set("en", new Set([...(languages.get("en") ?? []), ...functionWords]));
  const isContent = (p: string) => isContentWord(p) || (p.length >= 3 && (expansionOf(p)?.some(isContentWord) ?? false));
  const segmenters: SegmentWords[] = [...languages.values()].map((words) => ({
    // A bare stem is no word ("suicid"), and a two-letter abbreviation is too easily part of
    // another word ("od" in Dutch "dood"): neither is a piece. A stray letter costs more than a word.
    pieceCost: (p: string) => (words.has(p) || (p.length >= 3 && expansionOf(p) !== undefined) ? (p.length === 1 && p !== "i" && p !== "a" ? 4 : 2) : hasStem(p) && isEnglishWord(p) ? 5 : 0),
    isContent,
  }));
  /** The cheapest reading in any one language, fewer pieces on a tie. */
  function segmentAny(word: string): string[] | null {
    let best: string[] | null = null;
    let bestCost = Infinity;
    for (const words of segmenters) {
      const pieces = segment(word, words);
      if (pieces === null) continue;
      const cost = pieces.reduce((sum, p) => sum + words.pieceCost(p), 0);
      if (cost < bestCost || (cost === bestCost && pieces.length < best!.length)) {
        best = pieces;
        bestCost = cost;
      }
    }
    return best;
  }
  const expand = (words: string[]) => words.flatMap((w) => expansionOf(w) ?? [w]);
  const wrap = (word: string | null) => (word === null ? null : [word]);

  /**
   * The word a censored template can be. Several can ("w?nt": want, went): the one the lexicon's
   * patterns use most, as a censored word is one the writer thought worth hiding; none on a tie.
   */
  function fillGaps(template: string): string | null {
    const fits = (word: string) => [...word].every((c, i) => template[i] === "?" || template[i] === c);
    const found = new Map<string, number>();
    for (const w of [...entryWords, ...functionWords]) if (w.length === template.length && fits(w)) found.set(w, uses.get(w) ?? 0);
    // A stem and a written ending that make a real word: "k*lling" for `kil*`.
    for (const [stem, n] of stemUses) {
      const rest = template.slice(stem.length);
      const word = stem + rest;
      if (stem.length >= 3 && stem.length <= template.length && !rest.includes("?") && fits(stem) && (rest === "" || isEnglishWord(word))) found.set(word, Math.max(n, found.get(word) ?? 0));
    }
    const ranked = [...found].sort((x, y) => y[1] - x[1]);
    return ranked.length === 0 || ranked[1]?.[1] === ranked[0]![1] ? null : ranked[0]![0];
  }

  /** An unknown word's reading, or null: doubled letters, then a typo, then run-together words. */
  function resolve(word: string): string[] | null {
    if (!/^\p{L}+$/u.test(word)) return null;
    if (/(.)\1/u.test(word)) {
      const loose = undouble(word) ?? byLooseForm.get(looseForm(word));
      if (loose !== undefined && loose !== null && loose !== word) return [loose];
    }
    const corrected = typos.correct(word) ?? correctStem(word);
    if (corrected !== null) return [corrected];
    const pieces = segmentAny(word);
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
      // "@" is leetspeak for "a" (read so above), or a censored letter when that reads as nothing ("k@ll").
      const resolved = resolve(word) ?? (/\p{L}@+\p{L}/u.test(raw) ? wrap(fillGaps(raw.split("@").map(normalizeWord).join("?"))) : null);
      // Only a word of letters is worth reading again beside its neighbours; "15pm" is not.
      hit = { words: resolved ?? [word], stretched, unknown: resolved === null && /^\p{L}+$/u.test(word) };
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, hit);
    return hit;
  }

  return {
    read,
    isContentWord,
    fillGaps,
    inVocabulary,
    readJoined(joined) {
      let hit = joinedCache.get(joined);
      if (hit === undefined) {
        const words = inVocabulary(joined) || isKnown(joined) ? [joined] : resolve(joined);
        hit = words !== null && (words.length === 1 || words.some(isContentWord)) ? words : null;
        if (joinedCache.size >= CACHE_LIMIT) joinedCache.clear();
        joinedCache.set(joined, hit);
      }
      return hit;
    },
  };
}
