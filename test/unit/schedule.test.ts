import { joinOpensAt, sessionState, weeklyOccurrences } from "../../server/src/domain/schedule";
import type { SessionRecord } from "../../server/src/storage/ports";

const d = (iso: string) => new Date(iso);

const session = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  id: "s",
  seriesId: "s",
  roomId: "r",
  title: "t",
  topic: null,
  description: null,
  startsAt: d("2030-01-01T18:00:00Z"),
  endsAt: d("2030-01-01T19:00:00Z"),
  capacity: 5,
  facilitatorIds: [],
  moderatorIds: [],
  audience: "all",
  inviteeIds: [],
  joinWindowMinutes: 10,
  createdBy: "c",
  createdAt: d("2029-12-01T00:00:00Z"),
  cancelledAt: null,
  endedAt: null,
  ...over,
});

describe("session state", () => {
  it.each([
    ["2030-01-01T17:49:59Z", "scheduled"],
    ["2030-01-01T17:50:00Z", "open"],
    ["2030-01-01T18:59:59Z", "open"],
    ["2030-01-01T19:00:00Z", "ended"],
  ])("at %s is %s", (now, state) => {
    expect(sessionState(session(), d(now))).toBe(state);
  });

  it("is cancelled once cancelled and ended once a node has ended it, whatever the time", () => {
    expect(sessionState(session({ cancelledAt: d("2029-12-31T00:00:00Z") }), d("2030-01-01T18:30:00Z"))).toBe("cancelled");
    expect(sessionState(session({ endedAt: d("2030-01-01T18:40:00Z") }), d("2030-01-01T18:30:00Z"))).toBe("ended");
  });

  it("opens the join window the configured minutes before the start", () => {
    expect(joinOpensAt(session({ joinWindowMinutes: 0 }))).toEqual(d("2030-01-01T18:00:00Z"));
  });
});

describe("weekly occurrences", () => {
  const start = d("2030-01-07T18:00:00Z");
  const end = d("2030-01-07T19:30:00Z");

  it("repeats weekly until and including the last date, keeping the length", () => {
    const o = weeklyOccurrences(start, end, { until: d("2030-01-21T18:00:00Z") }, 52);
    expect(o.map((x) => x.startsAt.toISOString())).toEqual(["2030-01-07T18:00:00.000Z", "2030-01-14T18:00:00.000Z", "2030-01-21T18:00:00.000Z"]);
    expect(o.every((x) => x.endsAt.getTime() - x.startsAt.getTime() === 90 * 60_000)).toBe(true);
  });

  it("stops at the maximum however far the end date is", () => {
    expect(weeklyOccurrences(start, end, { until: d("2040-01-01T00:00:00Z") }, 52)).toHaveLength(52);
  });

  it("keeps New York wall-clock time across the autumn change", () => {
    // 19:00 in New York, the week before the clocks go back on 2030-11-03.
    const o = weeklyOccurrences(d("2030-10-28T23:00:00Z"), d("2030-10-29T00:00:00Z"), { count: 2, timeZone: "America/New_York" }, 52);
    expect(o.map((x) => x.startsAt.toISOString())).toEqual(["2030-10-28T23:00:00.000Z", "2030-11-05T00:00:00.000Z"]);
  });

  it("is the single session without a recurrence", () => {
    expect(weeklyOccurrences(start, end, undefined, 52)).toEqual([{ startsAt: start, endsAt: end }]);
  });
});
