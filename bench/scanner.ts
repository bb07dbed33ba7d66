/**
 * Crisis scanner throughput on chat-length messages with the full shipped lexicon, and the same
 * lexicon matched the naive way (one regular expression per pattern, tried in turn) for a ratio.
 * The messages are generated here from everyday chat phrases with an occasional risk phrase; no
 * real person's text is used.
 *
 *   npm run bench:scanner -- [--messages 20000]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_LEXICON } from "../server/src/domain/escalation/default-lexicon";
import { createDetector, lexiconMatcher } from "../server/src/domain/escalation/detector";
import { tokenize, type Token } from "../server/src/domain/escalation/normalize";
import { createVocabulary } from "../server/src/domain/escalation/vocabulary";
import { lexiconPatterns, patternRegex } from "./pattern-regex";
import { percentile, writeBenchmarkSection } from "./report";

const { values } = parseArgs({ options: { messages: { type: "string", default: "20000" } } });
const COUNT = Number(values.messages);
const loadAtStart = os.loadavg()[0]!;

const everyday = [
  "hey everyone, thanks for having me tonight",
  "I went for a walk this morning and it helped a little",
  "my sister visited and we cooked dinner together",
  "work has been stressful but I'm managing",
  "does anyone have tips for sleeping better?",
  "I'm proud that I made it to group again this week",
  "the new medication makes me a bit tired in the afternoons",
  "my therapist suggested journaling, has anyone tried it",
  "honestly this exam is killing me haha",
  "I'm dying to see the new film on Friday",
  "we totally killed it at the quiz night",
  "thank you, that really means a lot to me",
  // Phones type curly apostrophes, and chat has emoji.
  "I\u2019m feeling a bit better today \u{1F642}",
  "that\u2019s so kind, thank you \u2764\uFE0F",
];
const risky = [
  "some nights I just want to die",
  "I've been thinking about ending my life",
  "I can't go on like this anymore",
  "I started cutting again",
  "I have the pills ready tonight",
];

// A deterministic generator, so every run measures the same messages.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
function message(): string {
  const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(everyday));
  if (rand() < 0.05) parts.splice(Math.floor(rand() * parts.length), 0, pick(risky));
  return parts.join(". ");
}
const messages = Array.from({ length: COUNT }, message);


type Timing = { perSecond: number; p50: number; p99: number };

const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Times two ways of doing the same work over the same inputs, alternating in blocks so that both
 * see the same machine load (other processes, garbage collection, CPU frequency).
 */
function race<A, B>(a: A[], fa: (input: A) => unknown, b: B[], fb: (input: B) => unknown): [Timing, Timing] {
  const BLOCK = 500;
  for (let i = 0; i < Math.min(2000, a.length); i++) {
    fa(a[i]!);
    fb(b[i]!);
  }
  const samples: [number[], number[]] = [[], []];
  const rates: [number[], number[]] = [[], []];
  const run = <T>(side: 0 | 1, inputs: T[], fn: (input: T) => unknown, from: number) => {
    const to = Math.min(from + BLOCK, inputs.length);
    // Each side's garbage is collected before the other's block, so neither is charged for the
    // other's collections (the regex loop makes far more). Needs node --expose-gc.
    collect?.();
    // The rate without a timer call per message, which would weigh on the faster side most.
    const started = process.hrtime.bigint();
    for (let i = from; i < to; i++) fn(inputs[i]!);
    rates[side].push((to - from) / (Number(process.hrtime.bigint() - started) / 1e9));
    for (let i = from; i < to; i++) {
      const t0 = process.hrtime.bigint();
      fn(inputs[i]!);
      samples[side].push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  };
  for (let from = 0; from < a.length; from += BLOCK) {
    run(0, a, fa, from);
    run(1, b, fb, from);
  }
  return ([0, 1] as const).map((side) => {
    const sorted = samples[side].sort((x, y) => x - y);
    // The median block's rate: a pause caused by another process does not decide the result.
    const perSecond = percentile(rates[side].sort((x, y) => x - y), 0.5);
    return { perSecond, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  }) as [Timing, Timing];
}

const detector = createDetector(DEFAULT_LEXICON);
const matcher = lexiconMatcher(DEFAULT_LEXICON);
// The regex side normalises as the detector does, with the same lexicon's vocabulary.
const vocabulary = createVocabulary(DEFAULT_LEXICON);
const normalise = (m: string) => tokenize(m, vocabulary);
const regexes = lexiconPatterns(DEFAULT_LEXICON).map(patternRegex);
// The regexes read the normalised words as " w1 w2 w3 ", the form they are written for.
const joined = (tokens: Token[]) => ` ${tokens.map((w) => w.text).join(" ")} `;
const regexLoop = (text: string) => {
  let hits = 0;
  for (const r of regexes) if (r.test(text)) hits++;
  return hits;
};

// Matching alone: both sides get the same messages already normalised.
const tokenized = messages.map(normalise);
const normalisedText = tokenized.map(joined);
const [matchAutomaton, matchRegex] = race(tokenized, (t) => matcher.find(t), normalisedText, regexLoop);
// End to end: raw text in, normalisation included on both sides; the detector also applies its
// context rules (exclusions, modifiers, weak cues, tiers), which the regex loop does not do at all.
const [endDetector, endRegex] = race(messages, (m) => detector.scan(m), messages, (m) => regexLoop(joined(normalise(m))));

const row = (name: string, r: Timing) => `| ${name} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`;
// By median time per message: the figure that other processes on the machine move least.
const matchRatio = matchRegex.p50 / matchAutomaton.p50;
const endRatio = endRegex.p50 / endDetector.p50;
const table = [
  "| step | matcher | messages/s | µs per message p50 | p99 |",
  "| --- | --- | --- | --- | --- |",
  row("end to end | detector: normalisation, Aho-Corasick, context rules", endDetector),
  row(`end to end | normalisation, then one regular expression per pattern (${regexes.length})`, endRegex),
  row("matching alone | Aho-Corasick over the normalised words, every occurrence with its span", matchAutomaton),
  row(`matching alone | one regular expression per pattern (${regexes.length}) over the same normalised words`, matchRegex),
].join("\n");
console.log(table);
console.log(`by median time per message: end to end ${endRatio.toFixed(1)}x, matching alone ${matchRatio.toFixed(1)}x (load average ${loadAtStart.toFixed(1)} at the start)`);

const avgChars = Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length);
writeBenchmarkSection(
  "scanner",
  `## Crisis scanner

${COUNT} generated chat messages (average ${avgChars} characters, about 5% containing a risk phrase), lexicon ${DEFAULT_LEXICON.version} (${DEFAULT_LEXICON.entries.length} entries, ${regexes.length} patterns including exclusions and modifiers). The baseline is one natural regular expression per pattern (alternatives, optional words, prefixes and gaps written as regex), tried in turn.

${table}

The two sides alternate in blocks of 500 messages; messages/s is the median block's rate, timed without a timer call per message, and the percentiles are wall-clock time per message, so p99 includes interruptions by other processes (load average ${loadAtStart.toFixed(1)} when it started, on a machine with ${os.cpus().length} cores).

End to end (the figure the 20× target is measured on): the detector is **${endRatio.toFixed(1)}×** the regex loop by median time per message (${(endDetector.perSecond / endRegex.perSecond).toFixed(1)}× in messages/s, which the machine's load moves more), though only the detector applies context rules. Matching alone, over the same already-normalised words: **${matchRatio.toFixed(1)}×** by median (${(matchAutomaton.perSecond / matchRegex.perSecond).toFixed(1)}× in messages/s).

Command: \`npm run bench:scanner -- --messages ${COUNT}\``,
);
