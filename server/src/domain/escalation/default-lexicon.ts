/** The lexicon shipped with Haven, validated once at load: a broken file fails at start-up. */
import raw from "./lexicon.json";
import { parseLexicon, type Lexicon } from "./lexicon";

export const DEFAULT_LEXICON: Lexicon = parseLexicon(raw);
