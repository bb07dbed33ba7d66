/**
 * Emoji read as words, so lexicon patterns can name them: a pill, a knotted rope or a train beside
 * "I" or "tonight" says what the words would, and laughing faces mark a joke ("kms 💀").
 * Lexicon entries decide what each word means; this only gives the tokeniser its reading.
 */
const READINGS: [string[], string][] = [
  [["\u{1F602}", "\u{1F923}", "\u{1F480}", "\u{1F606}", "\u{1F639}"], "lol"],
  [["\u{1F48A}"], "pills"],
  [["\u{1FAA2}"], "rope"],
  [["\u{1F52B}"], "gun"],
  [["\u{1F52A}"], "knife"],
  [["\u26B0"], "coffin"],
  [["\u{1FAA6}"], "grave"],
  [["\u{1F686}", "\u{1F682}", "\u{1F684}", "\u{1F687}", "\u{1F688}", "\u{1F685}"], "train"],
  [["\u{1FA78}"], "blood"],
  [["\u{1F309}"], "bridge"],
  [["\u{1F9F7}", "\u{1FA92}"], "blade"],
];

/** Each emoji (one code point; a variation selector after it is dropped like any mark) to its word. */
export const EMOJI_WORDS: ReadonlyMap<string, string> = new Map(READINGS.flatMap(([emoji, word]) => emoji.map((e) => [e, word] as [string, string])));
