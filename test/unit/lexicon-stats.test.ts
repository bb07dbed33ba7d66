import { createLexiconStatsService, dispositionOf, wasPromoted } from "../../server/src/domain/escalation/lexicon-stats";
import { DEFAULT_LEXICON } from "../../server/src/domain/escalation/default-lexicon";
import type { DetectorMatch } from "../../server/src/domain/escalation/detection";
import type { ShadowHitCount } from "../../server/src/storage/lexicon-stats-ports";
import type { FlagRecord, Store } from "../../server/src/storage/ports";
import { manualClock } from "../support/clock";

const admin = { userId: "a", role: "admin" as const, displayName: "A" };
const at = new Date("2026-05-01T10:00:00.000Z");

const flag = (over: Partial<FlagRecord> & Record<string, unknown>): FlagRecord =>
  ({
    id: "f",
    place: { kind: "room", id: "r" },
    authorId: "u",
    messageId: "m",
    messageSeq: 1,
    severity: "high",
    categories: [],
    terms: [],
    hits: 1,
    context: [],
    status: "open",
    createdAt: at,
    lastHitAt: at,
    claimedBy: null,
    claimedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    outcome: null,
    notes: null,
    heldMessageIds: [],
    entryIds: ["ideation.want-to-die"],
    ...over,
  }) as FlagRecord;

function setup(flags: FlagRecord[], addShadowHits: (c: ShadowHitCount[]) => Promise<void> = async () => {}) {
  const saved: ShadowHitCount[] = [];
  const store = {
    flags: { listRecent: async () => flags },
    lexiconStats: {
      addShadowHits: async (c: ShadowHitCount[]) => {
        await addShadowHits(c);
        saved.push(...c);
      },
      listShadowHits: async () => saved,
    },
  } as unknown as Store;
  const clock = manualClock(at);
  const service = createLexiconStatsService({ store, clock, lexicon: { lexicon: () => DEFAULT_LEXICON, refresh: async () => false } });
  return { service, saved, clock };
}

const match = (entryId: string): DetectorMatch => ({ term: "x", start: 0, end: 1, entryId, category: "hopelessness_help", severity: "elevated", shadow: true, reason: null });

describe("lexicon statistics", () => {
  it("reads a flag without a disposition as an alert, and counts review items and promotions once the record carries them", async () => {
    expect(dispositionOf(flag({}))).toBe("alert");
    expect(wasPromoted(flag({}))).toBe(false);
    const { service } = setup([
      flag({ id: "1" }),
      flag({ id: "2", disposition: "review", promotedAt: at, status: "resolved", outcome: "contacted" }),
      flag({ id: "3", disposition: "review", promotedAt: null, status: "resolved", outcome: "false_positive" }),
      flag({ id: "4", disposition: "concern_other" }),
    ]);
    const e = (await service.stats(admin, {})).entries.find((x) => x.entryId === "ideation.want-to-die")!;
    expect(e).toMatchObject({ flags: 4, alerts: 1, reviewItems: 2, concernOther: 1, promoted: 1, resolved: 2, falsePositives: 1, falsePositiveRate: 0.5 });
  });

  it("counts a shadow entry once per message and keeps the counts of a failed write for the next one", async () => {
    let fail = true;
    const { service, saved, clock } = setup([], async () => {
      if (fail) throw new Error("store unavailable");
    });
    service.recordShadow([match("trial.a"), match("trial.a"), match("trial.b")], "v1");
    expect(await service.flushIfDue()).toBe(0);
    clock.advanceMinutes(1);
    await expect(service.flushIfDue()).rejects.toThrow("store unavailable");
    service.recordShadow([match("trial.a")], "v1");
    fail = false;
    expect(await service.flush()).toBe(2);
    expect(saved).toEqual(
      expect.arrayContaining([
        { entryId: "trial.a", lexiconVersion: "v1", day: "2026-05-01", count: 2, lastSeenAt: expect.any(Date) },
        { entryId: "trial.b", lexiconVersion: "v1", day: "2026-05-01", count: 1, lastSeenAt: expect.any(Date) },
      ]),
    );
    expect(await service.flush()).toBe(0);
  });

  it("refuses everyone but admins", async () => {
    const { service } = setup([]);
    await expect(service.stats({ ...admin, role: "moderator" }, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
