import { buildAutomaton } from "../../server/src/domain/escalation/automaton";
import { DEFAULT_LEXICON } from "../../server/src/domain/escalation/default-lexicon";
import { createDetector } from "../../server/src/domain/escalation/detector";
import { compilePattern, parseLexicon } from "../../server/src/domain/escalation/lexicon";
import { tokenize } from "../../server/src/domain/escalation/normalize";
import { createMatcher } from "../../server/src/domain/escalation/matcher";
import { applyOverride } from "../../server/src/domain/escalation/overrides";
import { lexiconPatterns, patternRegex } from "../../bench/pattern-regex";

const detector = createDetector(DEFAULT_LEXICON);
const scan = (text: string) => detector.scan(text);

describe("normalisation", () => {
  it.each([
    ["case and compatibility forms", "ＫＩＬＬ MYSELF", "kill myself"],
    ["diacritics", "suïcïdé", "suicide"],
    ["zero-width characters inside words", "ki\u200Bll my\u200Dself", "kill myself"],
    ["soft hyphens", "sui\u00ADcide", "suicide"],
    ["leetspeak", "su1c1d3", "suicide"],
    ["leetspeak with symbols", "k!ll mys3lf", "kill myself"],
    ["stretched letters, read loosely", "diiiiie", "diie"],
    ["dotted spelling", "k.i.l.l myself", "kill myself"],
    ["spaced spelling", "s u i c i d e", "suicide"],
    ["hyphenated spelling", "s-u-i-c-i-d-e", "suicide"],
    ["censoring asterisks", "k*ll", "kill"],
    ["apostrophes", "don't can’t", "dont cant"],
    ["chat abbreviations", "kms", "kill myself"],
    ["evasions", "unalive sewerslide", "kill suicide"],
  ])("undoes %s", (_name, input, expected) => {
    expect(tokenize(input).map((t) => t.text).join(" ")).toBe(expected);
  });

  it("keeps numbers as numbers and real double letters apart", () => {
    expect(tokenize("in 2021 my nose felt odd").map((t) => t.text)).toEqual(["in", "2021", "my", "nose", "felt", "odd"]);
  });

  it("reads a word that is also an object property name as a word", () => {
    expect(tokenize("constructor of the proto").map((t) => t.text)).toEqual(["constructor", "of", "the", "proto"]);
    expect(scan("the constructor toString valueOf").flagged).toBe(false);
  });

  it.each([
    "k.i.l.l myself",
    "a b c d",
    "I think I need a break",
    "k!ll m3 n0w!!",
    "don't can't won't",
    "sh\\*t k**ll it's ''quoted''",
    "s-u-i-c-i-d-e and s u i c i d e",
    "diiiie 2021 at 3:15pm, @home $5",
    "end!  !start a!b !! x!y",
    "tabs\tand\nnew lines\r\nhere",
    "kms kys od ctb sh wanna gonna imma",
    "I\u2019m so tired \u{1F480}\u{1F480} lol",
    "caf\u00e9 na\u00efve \uff2b\uff29\uff2c\uff2c \ufb01ne",
    "\u{1F602}!kms",
    "k\u00e9!ll k!\u00e9ll",
    "\u{1D424} \u{1D422} \u{1D425} \u{1D425}",
    "no\u00A0break \u2014 dash \u201cquoted\u201d \u2764\uFE0F",
  ])("gives the same tokens on the fast path as on the general one: %p", (text) => {
    // A trailing zero-width space sends the same text down the general path and adds no token.
    expect(tokenize(text)).toEqual(tokenize(`${text}\u200B`));
  });

  it("maps every token back to where it was written", () => {
    const text = "ok so k.i.l.l";
    const last = tokenize(text).at(-1)!;
    expect(text.slice(last.start, last.end)).toBe("k.i.l.l");
  });
});

describe("the automaton", () => {
  it("finds every occurrence of every key, overlapping ones included", () => {
    const a = buildAutomaton<string>([
      ["he", "he"],
      ["she", "she"],
      ["hers", "hers"],
      ["his", "his"],
    ]);
    const found = a.scan("ushers").map((m) => `${m.value}@${m.start}`).sort();
    expect(found).toEqual(["he@2", "hers@2", "she@1"]);
  });

  it("restarts on characters no key contains, and matches keys outside ASCII", () => {
    const a = buildAutomaton<string>([
      ["ab", "ab"],
      ["\u00e9t\u00e9", "ete"],
      ["b", "b"],
    ]);
    expect(a.scan("a-b ab \u00e9t\u00e9 \u00e9xt\u00e9").map((m) => `${m.value}@${m.start}`)).toEqual(["b@2", "ab@4", "b@5", "ete@7"]);
  });
});

describe("the matcher", () => {
  it("finds exactly the patterns that one regular expression per pattern finds", () => {
    const patterns = lexiconPatterns(DEFAULT_LEXICON);
    const matcher = createMatcher(patterns.map((p, i) => [p, i] as [string, number]));
    const regexes = patterns.map(patternRegex);
    // Random messages from the lexicon's own words and some others, so that patterns, their
    // prefixes and their gaps meet in every arrangement.
    const vocabulary = [...new Set(patterns.flatMap((p) => p.replace(/[()~*]/g, " ").split(/[\s|]+/)).filter(Boolean)), "so", "the", "and", "really", "then"];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const words = Array.from({ length: 2 + Math.floor(rand() * 10) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]!);
      const tokens = tokenize(words.join(" "));
      const text = ` ${tokens.map((t) => t.text).join(" ")} `;
      const found = [...new Set(matcher.find(tokens).map((f) => f.role))].sort((a, b) => a - b);
      const expected = regexes.flatMap((r, i) => (r.test(text) ? [i] : []));
      expect({ text, found }).toEqual({ text, found: expected });
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("does not read a gap past the last word as the next key's occurrence", () => {
    // Keys: alpha 0, beta 1, gamma 2. In two words, "beta" two words past the end has the code
    // "gamma" at the start has, unless the gap stops at the last word.
    const matcher = createMatcher([
      ["alpha ~ beta", "gap"],
      ["gamma", "word"],
    ]);
    expect(matcher.find(tokenize("gamma alpha")).map((f) => f.role)).toEqual(["word"]);
  });
});

describe("detection by category and tier", () => {
  it.each([
    ["I want to kill myself", "suicidal_ideation", "high"],
    ["honestly i just want to die", "suicidal_ideation", "elevated"],
    ["I don't want to be alive", "suicidal_ideation", "elevated"],
    ["I've been having suicidal thoughts again", "suicidal_ideation", "high"],
    ["everyone would be better off without me", "suicidal_ideation", "elevated"],
    ["I wish I could sleep forever and never wake up", "suicidal_ideation", "elevated"],
    ["I started cutting myself again last week", "self_harm", "high"],
    ["the urge to self harm is so strong", "self_harm", "high"],
    ["I took all my pills", "means_method", "imminent"],
    ["there is a noose in my closet", "means_method", "high"],
    ["this is my goodbye", "plan_timing", "imminent"],
    ["I wrote my suicide note", "plan_timing", "imminent"],
    ["I'm going to kill them all, everyone at school", "harm_to_others", "high"],
    ["my dad hits me when he drinks", "abuse_danger", "high"],
    ["I'm scared to go home", "abuse_danger", "high"],
    ["I can't go on like this", "hopelessness_help", "elevated"],
    ["someone please help, I don't know what to do anymore", "hopelessness_help", "elevated"],
  ])("%s → %s (%s)", (text, category, severity) => {
    const d = scan(text);
    expect(d.flagged).toBe(true);
    expect(d.categories).toContain(category);
    expect(d.severity).toBe(severity);
  });

  it("makes intent with a time or a means imminent", () => {
    expect(scan("I'm going to kill myself tonight").severity).toBe("imminent");
    expect(scan("I want to die. I have a bottle of pills right here").severity).toBe("imminent");
  });

  it("keeps the strongest tier when several kinds of risk come together, and makes intent with a means imminent", () => {
    expect(scan("I feel hopeless").flagged).toBe(false);
    expect(scan("I feel hopeless and I'm a burden to everyone").severity).toBe("elevated");
    expect(scan("I feel hopeless and I keep hurting myself").severity).toBe("high");
    expect(scan("I want to die and I have the pills ready").severity).toBe("imminent");
  });

  it("reports where each match is, as written", () => {
    const text = "honestly... I want to k1ll mys3lf";
    const [m] = scan(text).matches;
    expect(text.slice(m!.start, m!.end)).toBe("k1ll mys3lf");
    expect(m!.term).toBe("k1ll mys3lf");
  });
});

describe("figurative and harmless uses", () => {
  it.each([
    "this exam is killing me",
    "I'm dying to see you this weekend",
    "Suicide Squad was better than I expected",
    "we're going to kill it at the gig tonight",
    "I could kill for a coffee right now",
    "I nearly died laughing",
    "I'm bored to death in this meeting",
    "can you help me with my homework please",
    "my nose feels odd after the cold",
    "I need to cut myself some slack",
    "I burned myself out at work",
  ])("does not flag %p", (text) => {
    expect(scan(text)).toMatchObject({ flagged: false, matches: [] });
  });
});

describe("context lists a hit for review instead of paging", () => {
  it.each([
    ["negated", "I'm not suicidal anymore"],
    ["negated", "I would never kill myself"],
    ["past", "I used to cut myself"],
    ["past", "I self harmed years ago"],
    ["hypothetical", "if someone is suicidal how do you tell"],
    ["others", "my friend said she wants to kill herself"],
    ["joking", "ugh I'm gonna kms lol"],
    ["joking", "ugh kms 💀"],
  ])("%s: %s", (reason, text) => {
    const d = scan(text);
    expect(d).toMatchObject({ flagged: true, alert: false, disposition: "review", severity: null });
    expect(d.reasons).toContain(reason);
  });

  it("lists only within the same clause", () => {
    expect(scan("I'm not okay. I want to kill myself")).toMatchObject({ alert: true, severity: "high" });
    expect(scan("I promise I'll stay safe, but honestly I wish I was dead")).toMatchObject({ alert: true, severity: "elevated" });
  });
});

describe("the lexicon as data", () => {
  it("compiles optional words, alternatives, prefixes and gaps", () => {
    expect(compilePattern("(really) want|wish to die").map((c) => c.map((l) => l.key).join("+"))).toEqual([
      " want to die ",
      " wish to die ",
      " really want to die ",
      " really wish to die ",
    ]);
    expect(compilePattern("kil* myself ~ tonight")[0]).toEqual([
      { key: " kil", words: 1, maxGap: 0 },
      { key: " myself ", words: 1, maxGap: 0 },
      { key: " tonight ", words: 1, maxGap: 3 },
    ]);
  });

  it("refuses a malformed lexicon with a reason", () => {
    expect(() => parseLexicon({ ...DEFAULT_LEXICON, entries: [{ ...DEFAULT_LEXICON.entries[0], severity: "severe" }] })).toThrow();
    expect(() => parseLexicon({ ...DEFAULT_LEXICON, entries: [DEFAULT_LEXICON.entries[0], DEFAULT_LEXICON.entries[0]] })).toThrow(/duplicate/);
    expect(() => compilePattern("want ~ ~ die")).toThrow(/empty segment/);
    expect(() => compilePattern("not safe (right now)")).toThrow(/unbalanced parentheses/);
  });

  it("applies deployment overrides: new entries, removals, exclusions, shadow mode", () => {
    const custom = createDetector(
      applyOverride(DEFAULT_LEXICON, {
        version: "site-1",
        entries: [{ id: "local.slang", category: "suicidal_ideation", severity: "high", patterns: ["catch the bus"] }, { id: "shadow.trial", category: "hopelessness_help", severity: "elevated", patterns: ["so over it"], shadow: true }],
        remove: ["ideation.suicide-word"],
        exclusions: ["want to die ~ of shame"],
      }),
    );
    expect(custom.version).toBe(`${DEFAULT_LEXICON.version}+site-1`);
    expect(custom.scan("I think I'll catch the bus tonight").flagged).toBe(true);
    expect(custom.scan("suicide").flagged).toBe(false);
    expect(custom.scan("I want to die of shame").flagged).toBe(false);
    const shadow = custom.scan("honestly so over it");
    expect(shadow).toMatchObject({ flagged: false, matches: [] });
    expect(shadow.shadow.map((m) => m.entryId)).toEqual(["shadow.trial"]);
  });

  it("makes clinical sense entry by entry: every entry fires on its own first pattern", () => {
    const sampleOf = (pattern: string) => pattern.replace(/\(([^)]*)\)/g, "").replace(/\|[^\s]*/g, "").replace(/\*/g, "").replace(/~/g, " ");
    const weak = DEFAULT_LEXICON.entries.filter((e) => e.weak === true);
    for (const entry of DEFAULT_LEXICON.entries) {
      // A weak cue needs a second, distinct one beside it; a time needs a sign of its own.
      const other = weak.find((e) => e.id !== entry.id)!;
      const partner = entry.amplifier !== undefined ? " I want to die" : entry.weak === true ? ` ${sampleOf(other.patterns[0]!)}.` : "";
      const d = scan(`${sampleOf(entry.patterns[0]!)}.${partner}`);
      expect({ entry: entry.id, hit: d.matches.some((m) => m.entryId === entry.id) }).toEqual({ entry: entry.id, hit: true });
    }
  });
});

describe("clinically grounded entries, C-SSRS and warning signs", () => {
  it.each([
    // Wish to be dead and non-specific active thoughts, in the forms people write.
    ["I want to just die", "suicidal_ideation", "elevated"],
    ["I wish I could just die", "suicidal_ideation", "elevated"],
    ["I don't want to keep living", "suicidal_ideation", "elevated"],
    ["I have no will to live", "suicidal_ideation", "elevated"],
    ["I've lost the will to live", "suicidal_ideation", "elevated"],
    ["there is no reason to keep living", "suicidal_ideation", "elevated"],
    ["I hate being alive", "suicidal_ideation", "elevated"],
    ["I wish my life would end", "suicidal_ideation", "elevated"],
    ["I don't care if I die", "suicidal_ideation", "elevated"],
    ["I just want it all to be over", "suicidal_ideation", "elevated"],
    ["I want to end my suffering", "suicidal_ideation", "elevated"],
    ["I keep thinking about dying", "suicidal_ideation", "elevated"],
    ["I'm not going to be around much longer", "suicidal_ideation", "elevated"],
    // Plan and putting affairs in order.
    ["I'm planning my death", "plan_timing", "imminent"],
    ["I know how I would do it", "plan_timing", "high"],
    ["I looked up ways to die", "plan_timing", "high"],
    ["I'm getting my affairs in order", "plan_timing", "imminent"],
    ["this is my last post", "plan_timing", "imminent"],
    // Means and preparatory behaviour.
    ["I keep thinking of jumping off the bridge", "means_method", "high"],
    ["I could throw myself in front of a train", "means_method", "high"],
    ["I want to throw myself off the balcony", "means_method", "high"],
    ["I'll just walk into traffic", "means_method", "high"],
    ["I keep picturing slitting my wrists", "means_method", "high"],
    ["I have enough pills to overdose", "means_method", "high"],
    ["I have the pills ready", "means_method", "high"],
    ["I've been hoarding my meds", "means_method", "high"],
    ["I overdosed last night", "means_method", "high"],
    ["I nearly overdosed", "means_method", "high"],
    ["I want to take an overdose", "means_method", "high"],
    ["there is no reason to keep going", "suicidal_ideation", "elevated"],
    // Chat forms.
    ["idw to live anymore", "suicidal_ideation", "elevated"],
    ["idc if i die", "suicidal_ideation", "elevated"],
    ["I'm going to end things tonight", "suicidal_ideation", "imminent"],
    ["I feel like dying", "suicidal_ideation", "elevated"],
    ["I won't be here much longer", "suicidal_ideation", "elevated"],
    ["I wrote a goodbye letter", "plan_timing", "imminent"],
    ["I'm going to overdose tonight", "plan_timing", "imminent"],
    ["I took too many pills", "means_method", "imminent"],
    ["I swallowed a handful of pills", "means_method", "high"],
    ["I don't trust myself tonight", "suicidal_ideation", "imminent"],
    ["I can't keep myself safe", "suicidal_ideation", "imminent"],
    ["I'm not safe right now", "suicidal_ideation", "imminent"],
    // Recent self-harm.
    ["I made myself bleed again", "self_harm", "high"],
    ["there are scars on my arms", "self_harm", "elevated"],
  ])("%s → %s (%s)", (text, category, severity) => {
    const d = scan(text);
    expect(d.flagged).toBe(true);
    expect(d.categories).toContain(category);
    expect(d.severity).toBe(severity);
  });

  it.each([
    "in my last post I asked about sleep",
    "my last message was about the rota",
    "I overdosed on caffeine before the exam",
    "I want this meeting to be over",
    "I know how to do it, I've baked bread before",
    "I want to end things with him",
    "I don't trust myself to cook",
    "I don't trust myself around cake",
    "I have the pills my doctor gave me",
    "I have enough pills to last the month",
    "we jump into the pool today",
    "I have scars on my legs from the accident",
    "I don't want to keep going to that class",
    "I wish I could end it with her",
    "I'd throw myself under the bus for you",
    "I cut my wrist on a glass",
    "I said goodbye to everyone at work",
  ])("does not flag %p", (text) => {
    expect(scan(text)).toMatchObject({ flagged: false, matches: [] });
  });
});

describe("weak warning signs accumulate", () => {
  it.each(["news of an overdose downtown", "overdose", "suicide is on the agenda for group tonight"])("lists a topic word with nobody's state beside it: %p", (text) => {
    expect(scan(text)).toMatchObject({ flagged: true, alert: false, reasons: ["mention"] });
  });

  it.each(["I feel like a burden", "I feel trapped", "the pain is unbearable", "I'm so tired of everything", "I give up", "I love you all", "it was nice knowing you", "my dad has a gun at home", "I bought some rope for the tent", "I wrote my will this week", "I gave away my things", "I've been giving my stuff away", "tonight's the night", "last message before I board"])(
    "does not flag one weak cue alone: %p",
    (text) => {
      expect(scan(text)).toMatchObject({ flagged: false, matches: [], shadow: [] });
    },
  );

  it("flags two distinct weak cues together", () => {
    const d = scan("I feel like a burden and I feel trapped");
    expect(d).toMatchObject({ flagged: true, severity: "elevated", categories: ["hopelessness_help"] });
    expect(d.matches.map((m) => m.entryId).sort()).toEqual(["cue.burden", "cue.trapped"]);
  });

  it("does not count the same cue twice", () => {
    expect(scan("I feel trapped. I feel so trapped").flagged).toBe(false);
  });

  it("does not count words another entry already read as a second cue", () => {
    const d = scan("what's the point of living");
    expect(d.matches.map((m) => m.entryId)).toEqual(["ideation.want-to-die"]);
    expect(d.severity).toBe("elevated");
  });

  it("makes access to a means imminent beside ideation", () => {
    expect(scan("I want to die and my dad has a gun at home")).toMatchObject({ flagged: true, severity: "imminent", categories: expect.arrayContaining(["means_method"]) });
    expect(scan("I want to die. I bought some rope")).toMatchObject({ flagged: true, severity: "imminent" });
  });

  it("counts a weak cue beside any other entry", () => {
    const d = scan("I'm so tired of everything. I want to end my suffering");
    expect([...new Set(d.matches.map((m) => m.entryId))].sort()).toEqual(["cue.exhausted", "ideation.passive"]);
    expect(d.severity).toBe("elevated");
  });

  it("does not count a weak cue that is negated, past or joking", () => {
    expect(scan("I don't feel trapped and I'm not a burden to anyone").flagged).toBe(false);
    expect(scan("I give up lol. I feel trapped").flagged).toBe(false);
  });

  it("measures a shadow weak cue as if enforced, and never lets it make an enforced one count", () => {
    const custom = createDetector(
      applyOverride(DEFAULT_LEXICON, { entries: [{ id: "trial.weak", category: "hopelessness_help", severity: "elevated", patterns: ["so over it"], weak: true, shadow: true }] }),
    );
    const beside = custom.scan("so over it. I can't go on");
    expect(beside.shadow.map((m) => m.entryId)).toEqual(["trial.weak"]);
    expect(beside.matches.map((m) => m.entryId)).toEqual(["hopeless.cant-go-on"]);
    // Enforced, the two would flag together; in shadow, the enforced cue still stands alone.
    const paired = custom.scan("so over it. I feel trapped");
    expect(paired).toMatchObject({ flagged: false, matches: [] });
    expect(paired.shadow.map((m) => m.entryId)).toEqual(["trial.weak"]);
    expect(custom.scan("so over it")).toMatchObject({ flagged: false, matches: [], shadow: [] });
  });
});

describe("someone else as the subject", () => {
  it.each(["my brother overdosed last year", "I think he overdosed", "do you want to die?", "she has been suicidal for months"])("lists %p for review unless the writer is in it", (text) => {
    const d = scan(text);
    expect(d).toMatchObject({ flagged: true, alert: false, disposition: "review" });
    expect(["others", "past"]).toContain(d.reasons[0]);
  });

  it("keeps the writer's own words at their tier after reported speech", () => {
    expect(scan("she said I want to kill myself").severity).toBe("high");
    expect(scan("they make me want to kill myself").severity).toBe("high");
    expect(scan("my dad hits me").severity).toBe("high");
  });
});
