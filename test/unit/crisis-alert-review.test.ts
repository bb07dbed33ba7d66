import { DEFAULT_LEXICON } from "../../server/src/domain/escalation/default-lexicon";
import { createDetector, type Cue } from "../../server/src/domain/escalation/detector";

const detector = createDetector(DEFAULT_LEXICON);
const scan = (text: string, prior?: Cue[]) => detector.scan(text, prior);

describe("paging only for the writer's own current risk", () => {
  it.each([
    [["negated"], "i'm not suicidal, just tired"],
    [["past"], "90 days clean from self harm today!!"],
    [["past"], "in college i was suicidal for a year, meds helped a lot"],
    [["past", "others"], "my cousin attempted suicide last year, it shook the whole family"],
    [["support", "hypothetical", "others"], "when you feel suicidal please reach out, you're not alone"],
    [["education", "hypothetical"], "what are the warning signs of suicide in teens?"],
    [["content_warning"], "tw: suicide mention, talking about my grandad"],
    [["media"], "the goodbye letter in the novel made me cry"],
    [["joking"], "ugh kms lol"],
    [["mention"], "suicide is on the agenda for group"],
  ])("lists talk that is not the writer's own current risk (%p) without paging: %p", (reasons, text) => {
    const d = scan(text);
    expect(d).toMatchObject({ flagged: true, alert: false, severity: null, disposition: "review" });
    expect(reasons).toContain(d.reasons[0]);
  });

  it.each([
    "cw self harm. did it again tonight, nobody knows",
    "two years ago i tried to end my life. lately i think about trying again",
    "i won't act on it but honestly i wish i was dead",
    "gonna kms, fr, not joking",
    "not kidding, i want to kill myself",
    "relapsed after 40 days clean, cut myself again",
  ])("still pages a current first-person statement beside a warning, a past or a joke marker: %p", (text) => {
    expect(scan(text)).toMatchObject({ flagged: true, alert: true, disposition: "alert" });
  });

  it("does not page everyday phrasings that only share words with crisis language", () => {
    for (const text of ["tonight's the night! concert time", "giving away my old clothes to charity", "last message before I board", "sorting out my will this weekend with the lawyer, boring admin", "this double shift is killing me", "we killed it at the quiz"]) {
      expect({ text, alert: scan(text).alert }).toEqual({ text, alert: false });
    }
  });
});

describe("someone else at risk now", () => {
  it("reaches moderators as its own category when the writer asks what to do", () => {
    const d = scan("my mate says he has pills and isn't answering his phone, what do I do?");
    expect(d).toMatchObject({ flagged: true, disposition: "concern_other", alert: true, reasons: ["others"] });
    expect(d.severity).not.toBeNull();
  });

  it("is only listed when the deployment chooses so", () => {
    const listing = createDetector(DEFAULT_LEXICON, { concernOther: "list" });
    expect(listing.scan("my cousin told me she wants to kill herself, what should i do?")).toMatchObject({ flagged: true, alert: false, severity: null, disposition: "concern_other" });
  });

  it("leaves someone else's past or the news on the review list", () => {
    expect(scan("my friend tried to kill herself two years ago, how do i deal with my feelings about it?")).toMatchObject({ alert: false, disposition: "review" });
  });
});

describe("severity that follows risk", () => {
  it.each([
    "i took all my pills",
    "took the whole bottle",
    "tied the noose already",
    "at the bridge now",
    "I can't keep myself safe tonight, please",
    "i want to kill myself tonight",
    "i have the pills in my hand right now",
  ])("rates an act in progress, a final act or intent with a time imminent: %p", (text) => {
    expect(scan(text)).toMatchObject({ alert: true, severity: "imminent" });
  });

  it("does not raise a tier because a content warning names more categories", () => {
    expect(scan("tw: suicide, self harm, overdose. sharing my recovery story")).toMatchObject({ alert: false });
  });
});

describe("the conversation, not only the message", () => {
  it("pages a weak sign that the author's recent message seconds", () => {
    expect(scan("i've picked a date").alert).toBe(false);
    const earlier = scan("i can't do this anymore");
    expect(earlier.alert).toBe(true);
    expect(scan("i've picked a date", earlier.cues)).toMatchObject({ alert: true, severity: "imminent" });
  });

  it("counts two weak signs sent in two messages", () => {
    const first = scan("I feel like such a burden");
    expect(first.alert).toBe(false);
    expect(first.cues.map((c) => c.entryId)).toEqual(["cue.burden"]);
    expect(scan("I feel so trapped", first.cues).alert).toBe(true);
  });

  it("keeps no cue from talk that is not the writer's own", () => {
    expect(scan("my brother feels like a burden").cues).toEqual([]);
    expect(scan("i'm not suicidal anymore").cues).toEqual([]);
  });
});
