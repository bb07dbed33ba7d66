/**
 * Crisis scanner throughput on chat-length messages with the full shipped lexicon, and the same
 * lexicon matched the naive way (one regular expression per pattern, tried in turn) for a ratio.
 * The messages are generated here from everyday chat phrases with an occasional risk phrase; no
 * real person's text is used.
 *
 *   npm run bench:scanner -- [--messages 20000]
 */
import { parseArgs } from "node:util";
import { DEFAULT_LEXICON } from "../server/src/domain/escalation/default-lexicon";
import { createDetector } from "../server/src/domain/escalation/detector";
import { normalizeWord, tokenize } from "../server/src/domain/escalation/normalize";
import { percentile, writeBenchmarkSection } from "./report";

const { values } = parseArgs({ options: { messages: { type: "string", default: "20000" } } });
const COUNT = Number(values.messages);

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

/** One regular expression per lexicon pattern, over the same normalised words. */
function naiveRegexes(): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const word = (w: string) => {
    const prefix = w.endsWith("*");
    const body = normalizeWord(prefix ? w.slice(0, -1) : w);
    return prefix ? `${escape(body)}\\S*` : `${escape(body)}(?= )`;
  };
  const part = (p: string) => {
    const optional = p.startsWith("(") && p.endsWith(")");
    const alts = (optional ? p.slice(1, -1) : p).split("|").map(word).join("|");
    return optional ? `(?:(?:${alts}) )?` : `(?:${alts}) `;
  };
  const all = [...DEFAULT_LEXICON.entries.flatMap((e) => [...e.patterns, ...(e.exclude ?? [])]), ...DEFAULT_LEXICON.exclusions, ...Object.values(DEFAULT_LEXICON.modifiers).flat()];
  return all.map((p) => {
    const segments = p.split("~").map((s) => s.trim().split(/\s+/).map(part).join(""));
    return new RegExp(` ${segments.join("(?:\\S+ ){0,3}")}`);
  });
}

function time(fn: (text: string) => unknown): { perSecond: number; p50: number; p99: number } {
  for (let i = 0; i < Math.min(2000, messages.length); i++) fn(messages[i]!);
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (const m of messages) {
    const t0 = process.hrtime.bigint();
    fn(m);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort((a, b) => a - b);
  return { perSecond: messages.length / seconds, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

const detector = createDetector(DEFAULT_LEXICON);
const regexes = naiveRegexes();
const automaton = time((t) => detector.scan(t));
const naive = time((t) => {
  const text = ` ${tokenize(t).map((w) => w.text).join(" ")} `;
  let hits = 0;
  for (const r of regexes) if (r.test(text)) hits++;
  return hits;
});

const avgChars = Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length);
const table = [
  "| matcher | messages/s | µs per message p50 | p99 |",
  "| --- | --- | --- | --- |",
  `| detector (Aho-Corasick over normalised words, context rules included) | ${Math.round(automaton.perSecond)} | ${automaton.p50.toFixed(1)} | ${automaton.p99.toFixed(1)} |`,
  `| one regular expression per pattern (${regexes.length}), matching only | ${Math.round(naive.perSecond)} | ${naive.p50.toFixed(1)} | ${naive.p99.toFixed(1)} |`,
].join("\n");
const ratio = automaton.perSecond / naive.perSecond;
console.log(table);
console.log(`ratio: ${ratio.toFixed(1)}x`);
writeBenchmarkSection(
  "scanner",
  `## Crisis scanner\n\n${COUNT} generated chat messages (average ${avgChars} characters, about 5% containing a risk phrase), lexicon ${DEFAULT_LEXICON.version} (${DEFAULT_LEXICON.entries.length} entries, ${regexes.length} patterns including exclusions and modifiers). Both rows include normalisation; the regex row does no context rules at all, so the comparison flatters it.\n\n${table}\n\nThe detector is ${ratio.toFixed(1)}× the regex loop.\n\nCommand: \`npm run bench:scanner -- --messages ${COUNT}\``,
);
