/**
 * The lexicons shipped with Haven, one file a language, validated once at load: a broken file fails
 * at start-up. A deployment chooses its languages (CRISIS_LANGUAGES, default all); the chosen files
 * are merged into one lexicon, so one automaton pass reads a message in any of them.
 */
import de from "./lexicon/de.json";
import en from "./lexicon/en.json";
import es from "./lexicon/es.json";
import fr from "./lexicon/fr.json";
import it from "./lexicon/it.json";
import nl from "./lexicon/nl.json";
import pt from "./lexicon/pt.json";
import { MODIFIER_KINDS, parseLexicon, shippedFileSchema, type Lexicon } from "./lexicon";

const FILES = { en, es, fr, de, pt, it, nl } as const;

export type ShippedLanguage = keyof typeof FILES;
export const SHIPPED_LANGUAGES = Object.keys(FILES) as ShippedLanguage[];

const parsed = new Map(SHIPPED_LANGUAGES.map((lang) => [lang, shippedFileSchema.parse(FILES[lang])]));

/** The shipped lexicon for these languages (all by default). Entry ids of other languages than English are prefixed with theirs. */
export function shippedLexicon(languages: readonly string[] = SHIPPED_LANGUAGES): Lexicon {
  const files = languages.map((lang) => {
    const file = parsed.get(lang as ShippedLanguage);
    if (!file) throw new Error(`no shipped lexicon for language "${lang}" (shipped: ${SHIPPED_LANGUAGES.join(", ")})`);
    return file;
  });
  return parseLexicon({
    version: files.map((f) => (f.lang === "en" ? f.version : `${f.lang}:${f.version}`)).join("+"),
    entries: files.flatMap((f) => f.entries.map((e) => ({ ...e, lang: f.lang, id: f.lang === "en" ? e.id : `${f.lang}.${e.id}` }))),
    exclusions: files.flatMap((f) => f.exclusions),
    modifiers: Object.fromEntries(MODIFIER_KINDS.map((k) => [k, files.flatMap((f) => f.modifiers[k])])),
  });
}

export const DEFAULT_LEXICON: Lexicon = shippedLexicon();
