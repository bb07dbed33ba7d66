/** Members' reports: one per reporter and subject, found by subject, item and reporter, on every store. */
import type { ReportRecord } from "../../server/src/storage/report-ports";
import { freshStorePerTest } from "./contract-store";
import type { StoreFactory } from "./store-contract";

export function describeReportsContract(name: string, factory: StoreFactory): void {
  describe(`reports contract: ${name}`, () => {
    const s = freshStorePerTest(factory);

    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
    const report = (id: string, reporterId: string, subject: string, minute: number, flagId = "f1"): ReportRecord => ({
      id,
      flagId,
      reporterId,
      subject,
      targetUserId: "t",
      reason: "spam",
      note: minute % 2 === 0 ? `note ${id}` : null,
      createdAt: at(minute),
    });

    it("keeps the first report per reporter and subject, and gives it back on a repeat", async () => {
      expect(await s.store.reports.create(report("r1", "a", "message:m1", 0))).toEqual({ report: report("r1", "a", "message:m1", 0), created: true });
      const again = await s.store.reports.create({ ...report("r2", "a", "message:m1", 1), reason: "other" });
      expect(again).toEqual({ report: report("r1", "a", "message:m1", 0), created: false });
      expect(await s.store.reports.by("a")).toEqual([report("r1", "a", "message:m1", 0)]);
    });

    it("finds the newest report of a subject, a review item's reports oldest first, and a reporter's recent times", async () => {
      await s.store.reports.create(report("r1", "a", "message:m1", 0));
      await s.store.reports.create(report("r2", "b", "message:m1", 2));
      await s.store.reports.create(report("r3", "a", "message:m2", 4, "f2"));
      expect((await s.store.reports.latestFor("message:m1"))?.id).toBe("r2");
      expect(await s.store.reports.latestFor("message:none")).toBeNull();
      expect((await s.store.reports.forFlags(["f1"])).map((r) => r.id)).toEqual(["r1", "r2"]);
      expect((await s.store.reports.forFlags(["f1", "f2"])).map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
      expect(await s.store.reports.forFlags([])).toEqual([]);
      expect(await s.store.reports.madeSince("a", at(1))).toEqual([at(4)]);
      expect(await s.store.reports.madeSince("a", at(0))).toEqual([at(0), at(4)]);
    });

    it("purges old reports whose review item is gone, and keeps the rest", async () => {
      await s.store.reports.create(report("r1", "a", "message:m1", 0, "gone"));
      await s.store.reports.create(report("r2", "b", "message:m2", 4, "gone"));
      await s.store.reports.create(report("r3", "a", "message:m3", 0, "also-gone"));
      expect(await s.store.reports.purgeOrphans(at(2))).toBe(2);
      expect((await s.store.reports.forFlags(["gone", "also-gone"])).map((r) => r.id)).toEqual(["r2"]);
      expect(await s.store.reports.purgeOrphans(at(2))).toBe(0);
    });
  });
}
