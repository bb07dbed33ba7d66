/**
 * Evasions and typing habits, generated over many crisis phrases: each transformed phrase must
 * still be flagged by the detector built from the shipped lexicon, and ordinary chat, words close
 * to lexicon words included, must stay unflagged.
 */
import { DEFAULT_LEXICON } from "../../server/src/domain/escalation/default-lexicon";
import { createDetector } from "../../server/src/domain/escalation/detector";
import { tokenize } from "../../server/src/domain/escalation/normalize";
import { createVocabulary } from "../../server/src/domain/escalation/vocabulary";

const detector = createDetector(DEFAULT_LEXICON);
const flagged = (text: string) => detector.scan(text).flagged;

// Written from clinical knowledge of how people voice suicidal thoughts, plans and self-harm.
const PHRASES = [
  "i want to kill myself",
  "i am going to kill myself",
  "i want to die",
  "i just want to die",
  "i wish i was dead",
  "i want to end my life",
  "i am going to end my life",
  "thinking about suicide",
  "i am suicidal",
  "i feel suicidal",
  "i have suicidal thoughts",
  "i want to commit suicide",
  "i am going to hang myself",
  "i wish i could die",
  "i am better off dead",
  "i would rather be dead",
  "i dont want to live anymore",
  "i dont want to be alive",
  "i have no reason to live",
  "i have nothing to live for",
  "i lost the will to live",
  "i want it all to end",
  "i want to end it all",
  "i am ready to die",
  "i deserve to die",
  "i wish i was never born",
  "i hate being alive",
  "i want to overdose",
  "i took all my pills",
  "i wrote my suicide note",
  "i want to cut myself",
  "i am planning my death",
  "i want to shoot myself",
  "i cant keep myself safe",
  "i keep cutting myself",
  "i am going to overdose tonight",
  "i have been hoarding my pills",
  "i am going to jump off a bridge",
  "i keep thinking about dying",
  "i wrote a goodbye letter",
  "i want to hurt myself",
  "i dont want to exist",
];

const words = (phrase: string) => phrase.split(" ");
/** Applies `f` to the longest word (the one a lexicon is likeliest to need whole). */
const longest = (phrase: string, f: (word: string) => string) => {
  const ws = words(phrase);
  const at = ws.reduce((best, w, i) => (w.length > ws[best]!.length ? i : best), 0);
  return ws.map((w, i) => (i === at ? f(w) : w)).join(" ");
};
const perWord = (phrase: string, f: (word: string) => string) => words(phrase).map(f).join(" ");
const firstVowel = (w: string, from = 0) => {
  for (let i = from; i < w.length; i++) if ("aeiou".includes(w[i]!)) return i;
  return -1;
};

const CYRILLIC: Record<string, string> = { a: "\u0430", e: "\u0435", o: "\u043E", i: "\u0456", c: "\u0441", p: "\u0440", x: "\u0445", y: "\u0443" };
const GREEK: Record<string, string> = { o: "\u03BF", a: "\u03B1", i: "\u03B9", k: "\u03BA", v: "\u03BD" };
const SMALL_CAPS: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnoprstuvwyz"].map((c, i) => [c, [..."ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ"][i]!]),
);
/**
 * The first letter of the word with a look-alike in `table` swapped for it. Not in a one-letter
 * word ("i"), which would then be wholly Cyrillic or Greek, and so read as that language's.
 */
const oneLookalike = (table: Record<string, string>) => (w: string) => {
  const i = w.length < 2 ? -1 : [...w].findIndex((c) => table[c] !== undefined);
  return i < 0 ? w : w.slice(0, i) + table[w[i]!]! + w.slice(i + 1);
};
const MARKS = ["\u0336", "\u0338", "\u0322", "\u0335", "\u0337", "\u0334", "\u0321", "\u0489"];

/** The first two different neighbours after the first letter, swapped: "myself" to "mysefl"... "better" to "bteter". */
const swapTwo = (w: string) => {
  let i = 1;
  while (i + 1 < w.length && w[i] === w[i + 1]) i++;
  return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
};

/** Each transform, applied to a phrase, or null where it cannot apply. */
const TRANSFORMS: [string, (phrase: string) => string | null][] = [
  ["one Cyrillic look-alike per word", (p) => perWord(p, oneLookalike(CYRILLIC))],
  ["one Greek look-alike per word", (p) => perWord(p, oneLookalike(GREEK))],
  ["small capitals", (p) => [...p].map((c) => SMALL_CAPS[c] ?? c).join("")],
  ["fullwidth letters", (p) => [...p].map((c) => (c === " " ? c : String.fromCodePoint(c.codePointAt(0)! + 0xfee0))).join("")],
  ["stacked combining marks", (p) => [...p].map((c, i) => (c === " " ? c : c + MARKS[i % MARKS.length]! + MARKS[(i + 3) % MARKS.length]!)).join("")],
  // Words of four letters or more: doubling a vowel in a shorter one often makes another word ("the", "thee").
  ["a doubled vowel per word", (p) => perWord(p, (w) => (w.length < 4 || firstVowel(w) < 0 ? w : w.slice(0, firstVowel(w) + 1) + w.slice(firstVowel(w))))],
  ["letters split by dots", (p) => perWord(p, (w) => [...w].join("."))],
  ["letters split by hyphens", (p) => perWord(p, (w) => [...w].join("-"))],
  ["letters split by spaces", (p) => [...p.replace(/ /g, "")].join(" ")],
  ["letters split by slashes", (p) => [...p.replace(/ /g, "")].join("/")],
  ["no spaces", (p) => p.replace(/ /g, "")],
  ["a hashtag", (p) => `#${p.replace(/ /g, "")}`],
  ["an emoji inside a word", (p) => longest(p, (w) => `${w.slice(0, 2)}\u{1F62D}${w.slice(2)}`)],
  ["a lexicon emoji inside a word", (p) => longest(p, (w) => `${w.slice(0, 2)}\u{1F52A}${w.slice(2)}`)],
  ["a line break inside a word", (p) => longest(p, (w) => `${w.slice(0, 3)}\n${w.slice(3)}`)],
  // Typos are corrected in words of five letters or more only: others are close to too many words.
  ["two adjacent letters swapped", (p) => (words(p).some((w) => w.length >= 5) ? longest(p, swapTwo) : null)],
  // A vowel inside the word: a star at its end reads as emphasis (*hugs*), not as a letter.
  ["a vowel censored with * in several words", (p) => perWord(p, (w) => (w.length < 3 || firstVowel(w, 1) < 0 || firstVowel(w, 1) === w.length - 1 ? w : `${w.slice(0, firstVowel(w, 1))}*${w.slice(firstVowel(w, 1) + 1)}`))],
];

describe("crisis phrases", () => {
  it.each(PHRASES)("are flagged as written: %p", (phrase) => {
    expect(flagged(phrase)).toBe(true);
  });
});

// "l*st" is "last" or "lost": the gap is filled with the word the lexicon uses most ("last"), so
// this one censored phrase reads as another.
const AMBIGUOUS = new Set(["a vowel censored with * in several words: i lost the will to live"]);

describe.each(TRANSFORMS)("evasion: %s", (name, transform) => {
  const applicable = PHRASES.filter((p) => transform(p) !== null && !AMBIGUOUS.has(`${name}: ${p}`));

  it("applies to at least 30 phrases", () => {
    expect(applicable.length).toBeGreaterThanOrEqual(30);
  });

  it.each(applicable)("is still flagged: %p", (phrase) => {
    const evasion = transform(phrase)!;
    expect(evasion).not.toBe(phrase);
    expect({ evasion, flagged: flagged(evasion) }).toEqual({ evasion, flagged: true });
  });

  it("gives the same tokens on the fast path as on the general one", () => {
    const vocabulary = createVocabulary(DEFAULT_LEXICON);
    for (const phrase of applicable) {
      const evasion = `so ${transform(phrase)!} now`;
      // A trailing zero-width space sends the same text down the general path and adds no token.
      expect(tokenize(evasion, vocabulary)).toEqual(tokenize(`${evasion}\u200B`, vocabulary));
    }
  });
});

describe("typing habits and slang", () => {
  it.each([
    "i want to suicdie",
    "im so sucidal",
    "i want to kill myslef",
    "k*ll mys*lf",
    "s*ic*de",
    "i want to d!e",
    "i want to d*e",
    "k-ll myself",
    "k_ll myself",
    "k@ll mys@lf",
    "i want to commit s#icide",
    "k.m.s",
    "kms",
    "ctb tonight",
    "sewerslide",
    "#endit tonight",
    "killmyselftonight",
    "kiill myself",
    "i want to diie",
    "suuicide",
    "ki\u{1F52A}ll myself",
    "sui\ncide",
    "sui\u200Bcide",
  ])("flags %p", (text) => {
    expect(flagged(text)).toBe(true);
  });
});

describe("ordinary chat stays unflagged", () => {
  it.each([
    "I'm so tired lol",
    "my skill at chess is improving",
    "she is a skilled nurse",
    "I'm dyeing my hair purple this weekend",
    "my nose is blocked",
    "that was odd",
    "hashtags like #tbt are fun",
    "#throwbackthursday to the beach",
    "#selfcare sunday",
    "we stayed in the suite",
    "my sister is visiting",
    "the therapist said journaling helps",
    "I overdid it at the gym",
    "the noodles were overdone",
    "he overdoes it with the salt",
    "I went to the diner",
    "this is a killer song",
    "I'm killing time before work",
    "the skiller the better",
    "we went sailing",
    "my dad is a diesel mechanic",
    "the dice rolled a six",
    "I love the lilac flowers",
    "the kilt looked great",
    "I kissed her goodnight",
    "he is a kind soul",
    "is it suitable for kids",
    "the sweet smell of rain",
    "my selfie came out well",
    "the deadline is tomorrow",
    "I need to renew my license",
    "a b c d e",
    "k thx bye",
    "I love u all so much lol",
    "a.m. or p.m.?",
    "the u.s. and the u.k.",
    "e-mail me the pdf",
    "my cat\u{1F431}is cute",
    "good\nmorning everyone",
    "i am\nhome now",
    "\u{1F48A} time, vitamins done",
    "the \u{1F686} was late again",
    "кот и мама",
    "ελλάδα είναι ωραία",
    "I'm a bit sleepy today",
    "I need to cut my hair",
    "my self esteem is better",
  ])("does not flag %p", (text) => {
    expect(detector.scan(text)).toMatchObject({ flagged: false, matches: [] });
  });
});
