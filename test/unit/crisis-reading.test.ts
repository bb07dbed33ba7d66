/**
 * The pieces of the detector's reading of unknown words: look-alike letters, the English word
 * list, one-edit typos, segmentation, and the vocabulary a detector builds from its own lexicon.
 */
import { latinLookalikes } from "../../server/src/domain/escalation/confusables";
import { DEFAULT_LEXICON, shippedLexicon } from "../../server/src/domain/escalation/default-lexicon";
import { createDetector } from "../../server/src/domain/escalation/detector";
import { isEnglishWord } from "../../server/src/domain/escalation/english-words";
import { parseLexicon } from "../../server/src/domain/escalation/lexicon";
import { tokenize } from "../../server/src/domain/escalation/normalize";
import { applyOverride } from "../../server/src/domain/escalation/overrides";
import { segment } from "../../server/src/domain/escalation/segment";
import { createTypoIndex, withinOneEdit } from "../../server/src/domain/escalation/typos";
import { createVocabulary } from "../../server/src/domain/escalation/vocabulary";


describe("look-alike letters", () => {
  it("reads Cyrillic, Greek and small-capital look-alikes as Latin inside a Latin word only", () => {
    expect(latinLookalikes("k\u0456ll")).toBe("kill");
    expect(latinLookalikes("\u03BAill")).toBe("kill");
    expect(latinLookalikes("\u1D0B\u026A\u029F\u029F")).toBe("kill");
    expect(latinLookalikes("\u043A\u043E\u0442")).toBe("\u043A\u043E\u0442");
    expect(latinLookalikes("\u03BA\u03B1\u03BA\u03BF\u03C2")).toBe("\u03BA\u03B1\u03BA\u03BF\u03C2");
  });
});

describe("the English word list", () => {
  it("knows real words and not evasions", () => {
    expect(["a", "therapist", "overdoes", "skilled", "zyzzyva"].every(isEnglishWord)).toBe(true);
    expect(["kiill", "myslef", "iwanttodie", "", "Kill", "b"].some(isEnglishWord)).toBe(false);
  });
});

describe("one-edit typos", () => {
  it("measures one insertion, deletion, substitution or swap", () => {
    expect(["suicde", "suiicide", "suicife", "suicdie", "suicide"].every((t) => withinOneEdit(t, "suicide"))).toBe(true);
    expect(["sucdie", "suicidal", "cide"].some((t) => withinOneEdit(t, "suicide"))).toBe(false);
  });

  it("corrects to the one word that close, of five letters or more", () => {
    const index = createTypoIndex(["suicide", "suicidal", "kill", "myself"]);
    expect(index.correct("suicdie")).toBe("suicide");
    expect(index.correct("myslef")).toBe("myself");
    expect(index.correct("kil")).toBeNull();
    expect(index.correct("kiil")).toBeNull();
    // One edit from both "suicide" and "suicidal".
    expect(index.correct("suicida")).toBeNull();
  });
});

describe("segmentation", () => {
  const words = new Set(["i", "want", "to", "die", "kill", "myself", "end", "it", "the"]);
  const content = new Set(["die", "kill", "end"]);
  const lexicon = { pieceCost: (p: string) => (words.has(p) ? 2 : 0), isContent: (p: string) => content.has(p) };

  it("cuts a run-together word into the fewest known pieces with a content word", () => {
    expect(segment("iwanttodie", lexicon)).toEqual(["i", "want", "to", "die"]);
    expect(segment("killmyself", lexicon)).toEqual(["kill", "myself"]);
  });

  it("refuses pieces it does not know, or no content word", () => {
    expect(segment("iwanttodiex", lexicon)).toBeNull();
    expect(segment("iwantto", lexicon)).toBeNull();
    expect(segment("die", lexicon)).toBeNull();
  });
});

describe("normalisation with a vocabulary", () => {
  const vocabulary = createVocabulary(DEFAULT_LEXICON);
  const read = (text: string) => tokenize(text, vocabulary).map((t) => t.text).join(" ");

  it("keeps a word written wholly in Cyrillic or Greek as it is", () => {
    expect(read("кот мама")).toBe("кот мама");
    // A one-letter look-alike of "i" or "a" has no Latin letter beside it to go by.
    expect(read("\u0456 wish \u0456 was dead")).toBe("i wish i was dead");
    expect(read("κακός")).toBe("κακος");
    expect(read("kіll")).toBe("kill");
  });

  it("keeps real words near lexicon words as written", () => {
    expect(read("skill skilled dyeing nose noose odd overdoes cutting therapist couldnt")).toBe("skill skilled dyeing nose noose odd overdoes cutting therapist couldnt");
  });

  it("joins two real words across a space never, across a line break only into a lexicon word", () => {
    expect(read("sui cide my self")).toBe("sui cide my self");
    expect(read("sui\ncide")).toBe("suicide");
    expect(read("to\nday i am\nhome")).toBe("to day i am home");
  });

  it("reads emoji as words", () => {
    expect(read("\u{1F48A} \u{1FAA2} \u{1F52B} \u{1F52A} \u26B0\uFE0F \u{1FAA6} \u{1F686} \u{1F682} \u{1F684} \u{1F687} \u{1F688} \u{1F685} \u{1FA78} \u{1F309} \u{1F9F7} \u{1FA92} \u{1F480}")).toBe(
      "pills rope gun knife coffin grave train train train train train train blood bridge blade blade lol",
    );
  });

  it("keeps the written word's offsets on every word it is split into", () => {
    const text = "ok #iwanttodie";
    const tokens = tokenize(text, vocabulary);
    expect(tokens.map((t) => t.text)).toEqual(["ok", "i", "want", "to", "die"]);
    for (const t of tokens.slice(1)) expect(text.slice(t.start, t.end)).toBe("iwanttodie");
    const broken = "so ki\u{1F52A}ll";
    const last = tokenize(broken, vocabulary).at(-1)!;
    expect(broken.slice(last.start, last.end)).toBe("ki\u{1F52A}ll");
  });

  it.each(["k i l l m y s e l f", "ki\u{1F52A}ll myself", "kiill m\u0336y\u0338self", "s*ic*de", "sui\ncide \u{1F48A}", "a, b, c", "#iwanttodie!", "\u{1F480}!kms"])(
    "gives the same tokens on the fast path as on the general one: %p",
    (text) => {
      expect(tokenize(text, vocabulary)).toEqual(tokenize(`${text}\u200B`, vocabulary));
    },
  );

  it("gives the same tokens on both paths for random mixes of tricky characters", () => {
    const parts = ["k", "i", "l", " ", ".", "-", "*", "_", "#", "@", "!", "\n", "\u{1F62D}", "\u{1F52A}", "\u{1F480}", "\u2764\uFE0F", "ill", "my", "self", "sui", "cide", "die", "want", "to", "\u00e9", "\u0456", "\u0336", "2", "'"];
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => parts[Math.floor(rand() * parts.length)]!).join("");
      for (const v of [vocabulary, undefined]) expect({ text, tokens: tokenize(text, v) }).toEqual({ text, tokens: tokenize(`${text}\u200B`, v) });
    }
  });

  it("reads against the lexicon the detector was built with, in any language", () => {
    const spanish = createDetector(
      applyOverride(DEFAULT_LEXICON, {
        entries: [
          { id: "es.quiero-morir", category: "suicidal_ideation", severity: "elevated", patterns: ["quiero morir", "quiero matarme"] },
          { id: "fixture.pills-tonight", category: "means_method", severity: "high", patterns: ["pills ~ tonight"] },
        ],
      }),
    );
    expect(spanish.scan("#quieromorir").flagged).toBe(true);
    expect(spanish.scan("quiero matármee").flagged).toBe(true);
    expect(spanish.scan("quiero matrame").flagged).toBe(true);
    expect(spanish.scan("\u{1F48A}\u{1F48A} tonight").flagged).toBe(true);
    // A detector of the English lexicon alone knows no Spanish: the same text is unknown to it.
    expect(createDetector(shippedLexicon(["en"])).scan("#quieromorir").flagged).toBe(false);
  });

  it("builds its vocabulary from the lexicon, not from a global list", () => {
    const tiny = parseLexicon({ version: "t", entries: [{ id: "t.one", category: "suicidal_ideation", severity: "high", patterns: ["walk into the sea"] }], exclusions: [], modifiers: { negation: [], past: [], hypothetical: [], after: [], joking: [], others: [] } });
    const own = createDetector(tiny);
    expect(own.scan("#walkintothesea").flagged).toBe(true);
    expect(own.scan("#killmyself").flagged).toBe(false);
  });
});
