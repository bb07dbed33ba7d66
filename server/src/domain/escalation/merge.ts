/**
 * Words broken in two by something inside them, joined again when the two halves make a word the
 * lexicon knows: a line break ("sui\ncide"), an emoji ("ki🔪ll"), a space where a half is no word
 * at all ("ki ll"), or a symbol in place of a letter ("k-ll", "mys_lf") or between letters
 * ("s-uicide"). An emoji consumed this way is decoration, not a reading.
 */
import * as characters from "./characters";
import { normalizeWord, type Token } from "./normalize";
import type { Vocabulary } from "./vocabulary";

// Bound once: a module's exports may be getters, too slow to call per character.
const { breaksWords, emojiWord } = characters;
const MAX_GAP = 6;
const SPACE = /[ \t\u00a0]/;
const CENSOR = /[*#_\-.]/g;
const WORDLIKE = /[\p{L}\p{N}]/u;

const isEmojiToken = (text: string, t: Token) => emojiWord(String.fromCodePoint(text.codePointAt(t.start)!)) !== undefined;
/** The only token read from its span: a word an abbreviation expanded into several is left whole. */
const alone = (tokens: Token[], i: number) => tokens[i - 1]?.start !== tokens[i]!.start && tokens[i + 1]?.start !== tokens[i]!.start;

/** One half of a broken word: as read, and as written (normalised). */
type Half = Token & { raw: string };

/** The words two halves make across the gap between them, or null. */
function joinAcross(a: Half, b: Half, raw: string, gap: string, vocabulary: Vocabulary): string[] | null {
  if (gap.length > MAX_GAP || WORDLIKE.test(gap)) return null;
  const eitherUnknown = a.unknown === true || b.unknown === true;
  // The halves as written, not as each was read alone: "mmit" alone may read as another word.
  const plain = raw;
  // Across a space only into one of the lexicon's words, and only when a half is no word at all:
  // "my self" and "to day" are two words, and "feel su..." is not "feels u".
  if (SPACE.test(gap)) return eitherUnknown && vocabulary.inVocabulary(plain) ? [plain] : null;
  const censors = gap.match(CENSOR)?.length ?? 0;
  if (censors === 0) {
    // A line break or an emoji inside a word, where a half is no word: any word the two make.
    // Two real halves ("sui", "cide" are in the word list): an emoji with no space around it is put inside a word ("my😭self"), but
    // lines often break between words, so across a line break only into a content word of the
    // lexicon ("sui\ncide", while "to\nday" stays two words).
    if (eitherUnknown) return vocabulary.readJoined(plain);
    if (/[\r\n]/.test(gap)) return vocabulary.isContentWord(plain) ? [plain] : null;
    return vocabulary.inVocabulary(plain) ? [plain] : null;
  }
  if (!eitherUnknown || censors > 2) return null;
  const filled = vocabulary.fillGaps(a.raw + "?".repeat(censors) + b.raw);
  return filled !== null ? [filled] : vocabulary.readJoined(plain);
}

/** Whether the text between two words has a line break or an emoji: worth a look even between two read words. */
function breaksWord(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (breaksWords(text.charCodeAt(i))) return true;
  }
  return false;
}

/**
 * Joins broken words in place (the tokens are the caller's own) and returns the same array: first
 * across gaps with no space, which say most surely that one word was broken, then across spaces.
 */
export function mergeAcrossGaps(text: string, tokens: Token[], vocabulary: Vocabulary): Token[] {
  for (const acrossSpace of [false, true]) {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i]!;
      const next = tokens[i + 1]!;
      // Most pairs are two read words with a space between: nothing to look at. (The next token
      // may be an emoji inside the word, so its own text is looked at too.)
      if (a.unknown !== true && next.unknown !== true && !breaksWord(text, a.end, next.end)) continue;
      if (isEmojiToken(text, a) || !alone(tokens, i)) continue;
      // The next word, past at most two emoji inside the broken word.
      let j = i + 1;
      while (j < tokens.length && j - i <= 2 && isEmojiToken(text, tokens[j]!)) j++;
      const b = tokens[j];
      if (b === undefined || isEmojiToken(text, b)) continue;
      // A half read as several words ("icide" as two short words) is still one written word.
      let k = j;
      while (k + 1 < tokens.length && tokens[k + 1]!.start === b.start) k++;
      const gap = text.slice(a.end, b.start);
      if (SPACE.test(gap) !== acrossSpace) continue;
      const half = (t: Token): Half => ({ ...t, raw: normalizeWord(text.slice(t.start, t.end)), ...(t.unknown === true || (t === b && k > j) ? { unknown: true as const } : {}) });
      const ha = half(a);
      const hb = half(b);
      const words = joinAcross(ha, hb, ha.raw + hb.raw, gap, vocabulary);
      if (words === null) continue;
      const stretched = a.stretched || b.stretched;
      tokens.splice(i, k - i + 1, ...words.map((w) => ({ text: w, start: a.start, end: b.end, stretched })));
    }
  }
  return tokens;
}
