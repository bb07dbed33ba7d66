/**
 * Whether a lexicon hit is the writer's own current risk, and if not, why: negated, past, someone
 * else's, a joke, support given, education, media, a content-warning tag. Read from the modifier
 * phrases found around the hit, within its clause.
 */
import type { ReviewReason } from "./detection";
import type { LexiconEntry, ModifierKind } from "./lexicon";
import type { Found } from "./matcher";
import type { Token } from "./normalize";

export interface Modifier {
  kind: ModifierKind;
  from: number;
  to: number;
}

/** How far a modifier before a hit reaches, in words. */
const LOOKBEHIND = 4;
/** How far one after it reaches. */
const LOOKAHEAD = 3;
/** How far before a hit a first-person word makes it the writer's own. */
const OWN_REACH = 4;
/** How far from a topic word ("honestly i'm so close to ctb") the writer may name themselves. */
const TOPIC_REACH = 6;
/** How close a time must be to a topic word to make it current ("sh urges are bad tonight"). */
const TIME_REACH = 5;
/** A content-warning tag lists its topics after it: "tw // suicide, self harm". */
const TAG_REACH = 8;

// English and the shipped languages' first-person words, as normalised ("j'ai" reads "jai").
const FIRST_PERSON = new Set([
  ...["i", "me", "my", "myself", "mine", "im", "ive", "id", "ill"],
  // Spanish, Portuguese and Italian often drop the pronoun: the verb's first person says it.
  ...["yo", "mi", "mis", "conmigo", "quiero", "voy", "estoy", "tengo", "puedo", "siento"],
  ...["je", "jai", "moi", "ma", "mon", "mes", "jen", "jme", "jsuis", "jveux", "jvais"],
  ...["ich", "mich", "mir", "mein", "meine", "meinem", "meinen", "meiner"],
  ...["eu", "meu", "minha", "comigo", "mim", "quero", "vou", "estou", "tenho", "posso", "sinto"],
  ...["io", "mio", "mia", "voglio", "sono", "ho", "posso", "sento"],
  ...["ik", "mij", "mijn", "mezelf", "mijzelf"],
]);
export const hasFirstPerson = (tokens: readonly Token[], from: number, to: number): boolean => {
  for (let i = Math.max(0, from); i < Math.min(tokens.length, to); i++) if (FIRST_PERSON.has(tokens[i]!.text)) return true;
  return false;
};

// Words that end one clause and start another: what is negated or past before them is not after.
const CLAUSE_BREAKS = new Set(["but", "though", "although", "however", "pero", "mais", "cependant", "pourtant", "aber", "doch", "jedoch", "tuttavia", "maar"]);

/** Clause number of each token: a new one after . ! ? ; or a line break, or at "but". */
export function clauses(text: string, tokens: readonly Token[]): number[] {
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0) {
      if (CLAUSE_BREAKS.has(tokens[i]!.text)) n++;
      else {
        for (let c = tokens[i - 1]!.end; c < tokens[i]!.start; c++) {
          const code = text.charCodeAt(c);
          // . ! ? ; and line breaks
          if (code === 46 || code === 33 || code === 63 || code === 59 || code === 10) {
            n++;
            break;
          }
        }
      }
    }
    out.push(n);
  }
  return out;
}

const PRIORITY: ReviewReason[] = ["past", "negated", "content_warning", "media", "joking", "hypothetical", "others"];

export interface HitContext {
  tokens: readonly Token[];
  clauseOf: readonly number[];
  modifiers: readonly Modifier[];
  /** Modifier kinds found anywhere in the message. */
  present: ReadonlySet<ModifierKind>;
  /** Where a time or occasion is named ("tonight", "rn"): a topic word close to one is happening now. */
  times: readonly number[];
}

/** "not joking" is sincerity, not negation. */
function insideSincere(modifiers: readonly Modifier[], m: Modifier): boolean {
  for (const o of modifiers) if (o.kind === "sincere" && o.from <= m.from && m.to <= o.to) return true;
  return false;
}

/** Why this hit is not the writer's own current risk, or null when it is. */
export function reasonFor(hit: Found<unknown>, entry: LexiconEntry, ctx: HitContext): ReviewReason | null {
  const { tokens, clauseOf, modifiers, present } = ctx;
  const clause = clauseOf[hit.from];
  const clauseStart = clauseOf.indexOf(clause!);
  let clauseEnd = clauseStart;
  while (clauseEnd < clauseOf.length && clauseOf[clauseEnd] === clause) clauseEnd++;
  // The writer speaks of themselves beside the hit, in its clause: "i want to die, please reach out to me".
  const ownWords = hasFirstPerson(tokens, Math.max(clauseStart, hit.from - OWN_REACH), Math.min(clauseEnd, hit.to + 2));
  const sincere = present.has("sincere");
  const now = present.has("current");
  // No closures made per hit: this runs for every hit, and the path must stay cheap.
  const found = new Set<ReviewReason>();
  if (entry.reported === true) found.add("others");
  for (const m of modifiers) {
    const sameClause = clauseOf[m.from] === clause;
    const before = m.to <= hit.from && m.to >= hit.from - LOOKBEHIND;
    const after = m.from >= hit.to && m.from <= hit.to + LOOKAHEAD;
    switch (m.kind) {
      case "negation":
        // "i'm not sure i can stop myself": a new subject between them ends the negation's reach.
        if (sameClause && before && !insideSincere(modifiers, m) && !hasFirstPerson(tokens, m.to, hit.from)) found.add("negated");
        break;
      case "past":
        if (sameClause && before) found.add("past");
        break;
      case "after":
        if (sameClause && after) found.add("past");
        break;
      case "recovery":
        if (sameClause) found.add("past");
        break;
      case "hypothetical":
        if (sameClause && before) found.add("hypothetical");
        break;
      case "joking":
        if (!sincere && (sameClause || Math.abs(clauseOf[m.from]! - clause!) === 1) && (before || after || m.from >= hit.to)) found.add("joking");
        break;
      case "others":
        // "she said I want to die" is the writer's own: only a subject still in force counts.
        if (sameClause && before && !hasFirstPerson(tokens, m.to, hit.to)) found.add("others");
        break;
      case "content_warning":
        // A tag names what follows it in its own clause ("tw: sh, scars"); a new sentence after it
        // ("cw self harm. did it again tonight") is a statement, not the tag.
        if (sameClause && m.to <= hit.from && hit.from - m.to <= TAG_REACH && !hasFirstPerson(tokens, m.to, hit.to)) found.add("content_warning");
        break;
      case "media":
        if (sameClause || !ownWords) found.add("media");
        break;
      default:
        break;
    }
  }
  // "relapsed", "about to", "how i feel right now": what reads as past or fiction is happening now.
  if (now) {
    found.delete("past");
    found.delete("media");
  }
  // Someone else's past is history, not a present danger: the first reason that applies wins.
  for (const r of PRIORITY) if (found.has(r)) return r;
  // Support and education speak to or about others: they list a hit only where the writer says
  // nothing of themselves in its clause ("if you're feeling suicidal please reach out").
  if (!ownWords && present.has("support")) return "support";
  if (!ownWords && present.has("education")) return "education";
  let timed = false;
  for (const t of ctx.times) if (clauseOf[t] === clause && Math.abs(t - hit.from) <= TIME_REACH) timed = true;
  if (entry.topic === true && !now && !timed && !hasFirstPerson(tokens, Math.max(clauseStart, hit.from - TOPIC_REACH), Math.min(clauseEnd, hit.to + TOPIC_REACH))) return "mention";
  return null;
}
