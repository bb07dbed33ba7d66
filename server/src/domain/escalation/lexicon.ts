/**
 * The lexicon is data (lexicon/<lang>.json, plus deployment overrides); this validates it and compiles
 * its phrase patterns into automaton keys.
 *
 * Pattern syntax, over whole words:
 *   `kill myself`        the words in order
 *   `want|wish to die`   alternatives for one word
 *   `(really) want`      an optional word (alternatives allowed inside: `(so|really)`)
 *   `suicid*`            a word starting with this
 *   `want ~ die`         up to three other words in between
 */
import { z } from "zod";
import { SEVERITIES } from "../../../../shared/dto";
import { hasLoneSurrogate } from "../../../../shared/schemas";
import { normalizeWord } from "./normalize";

export { SEVERITIES, type Severity } from "../../../../shared/dto";

export const CATEGORIES = [
  "suicidal_ideation",
  "self_harm",
  "means_method",
  "plan_timing",
  "harm_to_others",
  "abuse_danger",
  "hopelessness_help",
] as const;
export type Category = (typeof CATEGORIES)[number];

// Stored and shown to admins like any other text: well-formed Unicode only (see shared/schemas.ts).
const pattern = z
  .string()
  .trim()
  .min(1)
  .max(600)
  .refine((s) => !hasLoneSurrogate(s), { message: "must not contain unpaired UTF-16 surrogates (malformed Unicode)" });

export const lexiconEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_.-]{2,80}$/),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  patterns: z.array(pattern).min(1).max(400),
  /** Figurative or harmless uses that overlap a match and cancel it. */
  exclude: z.array(pattern).max(400).optional(),
  /** About someone other than the writer: surfaced one tier lower. */
  reported: z.boolean().optional(),
  /** Flags for measurement only: recorded, never alerted. */
  shadow: z.boolean().optional(),
  /** ISO 639-1 language of the patterns; set from the file an entry ships in. */
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  /**
   * A weaker warning sign (burden, feeling trapped, exhaustion with life): it counts only together
   * with another distinct entry, as warning signs accumulate in a risk assessment, and not at all
   * when negated, past, hypothetical or joking.
   */
  weak: z.boolean().optional(),
  /**
   * A time, not a sign: on its own nothing. `time` ("tonight", "after school", "on Friday") is when
   * something will happen, and makes a plan, a means or intent beside it imminent; `now` ("rn",
   * "right now", "today") says a state is current without raising its tier. Either marks a topic
   * word beside it as happening now. Neither seconds a weak cue.
   */
  amplifier: z.enum(["time", "now"]).optional(),
  /**
   * Words that name the topic ("suicide", "self harm") rather than a state: they page only where
   * the writer speaks of themselves beside them or says it is happening now; otherwise listed.
   */
  topic: z.boolean().optional(),
});
export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;

export const lexiconSchema = z.strictObject({
  version: z.string().min(1),
  entries: z.array(lexiconEntrySchema).min(1),
  /** Figurative phrases that cancel any match they overlap ("killing me" about homework). */
  exclusions: z.array(pattern),
  /** Words around a match (same clause) that say it is not the writer's own current risk. */
  modifiers: z.strictObject({
    negation: z.array(pattern),
    past: z.array(pattern),
    hypothetical: z.array(pattern),
    /** Words shortly after a match that lower it ("... years ago"). */
    after: z.array(pattern),
    /** Joke markers on either side ("kms lol"), unless a sincerity marker is in the message. */
    joking: z.array(pattern),
    /**
     * Someone else as the subject just before a match with no first-person word up to its end
     * ("my brother overdosed", "do you want to die?").
     */
    others: z.array(pattern),
    /** Recovery and milestones ("90 days clean from", "haven't cut since"): the risk is past. */
    recovery: z.array(pattern).default([]),
    /** Support given to others ("please reach out", "you're not alone", "call 988"), anywhere in the message. */
    support: z.array(pattern).default([]),
    /** Psychoeducation and questions about terms ("warning signs of", "what does ... mean"), anywhere in the message. */
    education: z.array(pattern).default([]),
    /** Songs, films, books, games and fiction ("lyrics", "in the movie"), anywhere in the message. */
    media: z.array(pattern).default([]),
    /** A content-warning tag ("tw", "cw", "content note"): a match inside the tag is no statement. */
    content_warning: z.array(pattern).default([]),
    /** Sincerity ("not joking", "fr", "for real", "seriously"): cancels joke markers. */
    sincere: z.array(pattern).default([]),
    /** Now, not then ("relapsed", "about to", "how i feel right now"): cancels past, recovery and media readings. */
    current: z.array(pattern).default([]),
    /** Asking for help for someone at risk now ("what do i do", "isn't answering"): someone else's risk reaches moderators. */
    concern: z.array(pattern).default([]),
  }),
});
export type Lexicon = z.infer<typeof lexiconSchema>;
/** One shipped language file: a lexicon whose entries are all in one language. */
export const shippedFileSchema = lexiconSchema.extend({ lang: z.string().regex(/^[a-z]{2}$/) });

export const MODIFIER_KINDS = ["negation", "past", "hypothetical", "after", "joking", "others", "recovery", "support", "education", "media", "content_warning", "sincere", "current", "concern"] as const;
export type ModifierKind = (typeof MODIFIER_KINDS)[number];

/** One alternative sequence of one segment: each word exact, or a prefix when it ends in `*`. */
export type Sequence = { word: string; prefix: boolean }[];

const MAX_VARIANTS = 512;

/** The word sequences a pattern segment stands for, optional words and alternatives expanded. */
function expandSegment(segment: string): Sequence[] {
  let variants: Sequence[] = [[]];
  for (const part of segment.split(/\s+/).filter(Boolean)) {
    const optional = part.startsWith("(") && part.endsWith(")");
    const body = optional ? part.slice(1, -1) : part;
    // "(right now)" is two words, each its own "(a)": a stray bracket is a mistake, not a word.
    if (/[()]/.test(body)) throw new Error(`unbalanced parentheses in pattern "${segment}": an optional part is one word`);
    const choices = body.split("|").map((alt) => {
      const prefix = alt.endsWith("*");
      const word = normalizeWord(prefix ? alt.slice(0, -1) : alt);
      if (word.length === 0) throw new Error(`empty word in pattern "${segment}"`);
      return { word, prefix };
    });
    const next: Sequence[] = [];
    for (const v of variants) {
      if (optional) next.push(v);
      for (const c of choices) next.push([...v, c]);
    }
    if (next.length > MAX_VARIANTS) throw new Error(`pattern "${segment}" expands to too many variants`);
    variants = next;
  }
  return variants.filter((v) => v.length > 0);
}

/** Words allowed between the parts of a `~` pattern. */
export const MAX_GAP = 3;

/**
 * A chain of automaton keys that must match in order: each link names how many other words may
 * come before it (0: right after the previous link). A prefix word ends its link, because a key
 * cannot continue after a partial word.
 */
export type Chain = { key: string; words: number; maxGap: number }[];

const MAX_CHAINS = 2048;

function splitAtPrefixes(seq: Sequence): Sequence[] {
  const links: Sequence[] = [];
  let current: Sequence = [];
  for (const w of seq) {
    current.push(w);
    if (w.prefix) {
      links.push(current);
      current = [];
    }
  }
  if (current.length > 0) links.push(current);
  return links;
}

/** Every chain a pattern stands for. */
export function compilePattern(source: string): Chain[] {
  const segments = source.split("~").map((s) => s.trim());
  if (segments.some((s) => s.length === 0)) throw new Error(`pattern "${source}" has an empty segment`);
  let chains: Chain[] = [[]];
  segments.forEach((segment, si) => {
    const next: Chain[] = [];
    for (const chain of chains) {
      for (const seq of expandSegment(segment)) {
        const links = splitAtPrefixes(seq).map((link, li) => ({ key: sequenceKey(link), words: link.length, maxGap: li === 0 && si > 0 ? MAX_GAP : 0 }));
        next.push([...chain, ...links]);
      }
    }
    if (next.length > MAX_CHAINS) throw new Error(`pattern "${source}" expands to too many variants`);
    chains = next;
  });
  return chains;
}

/** The automaton key of a sequence over " word word " text: whole words, or a prefix at the end. */
export const sequenceKey = (seq: Sequence): string =>
  ` ${seq.map((w) => w.word).join(" ")}${seq.at(-1)!.prefix ? "" : " "}`;

/** Validates and compiles every pattern, so a bad override is refused before it is used. */
export function parseLexicon(value: unknown): Lexicon {
  const lexicon = lexiconSchema.parse(value);
  const ids = new Set<string>();
  for (const e of lexicon.entries) {
    if (ids.has(e.id)) throw new Error(`duplicate lexicon entry id "${e.id}"`);
    ids.add(e.id);
    for (const p of [...e.patterns, ...(e.exclude ?? [])]) compilePattern(p);
  }
  for (const p of [...lexicon.exclusions, ...Object.values(lexicon.modifiers).flat()]) compilePattern(p);
  return lexicon;
}
