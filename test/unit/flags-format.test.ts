import { REVIEW_REASONS, type FlagSummary, type OncallDeliveryAttempt } from "../../shared/dto";
import { ageText, byUrgency, oncallLines, REASON_LABEL, reasonsText } from "../../client/src/views/flags-format";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe("the dashboard's words", () => {
  it("says every reason a mention did not page in plain words, never as a code", () => {
    for (const reason of REVIEW_REASONS) expect(REASON_LABEL[reason]).not.toMatch(/_/);
    expect(reasonsText(["negated", "others"])).toBe("says they are not (negated); about someone else");
    expect(reasonsText([])).toBe("no reason given");
  });

  it("says a flag's age in minutes, hours and days", () => {
    expect(ageText(ago(0.5), NOW)).toBe("under a minute");
    expect(ageText(ago(7), NOW)).toBe("7 min");
    expect(ageText(ago(125), NOW)).toBe("2 h 5 min");
    expect(ageText(ago(60 * 27), NOW)).toBe("1 d 3 h");
    // A server clock slightly ahead of the browser's never shows a negative age.
    expect(ageText(ago(-1), NOW)).toBe("under a minute");
  });

  it("orders flags like the server's queue: most severe first, then oldest first", () => {
    const f = (id: string, severity: FlagSummary["severity"], minutes: number) => ({ id, severity, createdAt: ago(minutes) }) as FlagSummary;
    const sorted = [f("e-new", "elevated", 1), f("i", "imminent", 2), f("e-old", "elevated", 9), f("h", "high", 3)].sort(byUrgency);
    expect(sorted.map((x) => x.id)).toEqual(["i", "h", "e-old", "e-new"]);
  });

  it("tells each call to on-call once, with how it ended", () => {
    const attempt = (deliveryId: string, n: number, minutesAgo: number, outcome: OncallDeliveryAttempt["outcome"], event: OncallDeliveryAttempt["event"] = "flag.overdue"): OncallDeliveryAttempt => ({
      deliveryId, event, flagId: "f", attempt: n, status: outcome === "delivered" ? 200 : 503, error: null, at: ago(minutesAgo), outcome,
    });
    // Newest first, as the log returns them.
    const lines = oncallLines(
      [attempt("c", 3, 1, "gave_up"), attempt("c", 2, 2, "retrying"), attempt("c", 1, 3, "retrying"), attempt("b", 1, 5, "retrying", "flag.unattended"), attempt("a", 2, 8, "delivered"), attempt("a", 1, 9, "retrying")],
      (iso) => iso.slice(11, 16),
    );
    expect(lines).toEqual([
      "11:51: on-call called (still unclaimed past its deadline); reached after 2 attempts.",
      "11:55: on-call called (no moderator was online); not reached yet, retrying after 1 attempt.",
      "11:57: on-call called (still unclaimed past its deadline); not reached, gave up after 3 attempts.",
    ]);
  });
});
