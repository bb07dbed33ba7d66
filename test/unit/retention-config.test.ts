import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../server/src/config";
import { retentionCutoffs } from "../../server/src/domain/retention";

describe("retention settings", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "haven-retention-config-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps safety records long by default, and sweeps hourly", () => {
    expect(loadConfig({ DATA_DIR: dir }).config.retention).toEqual({
      days: { roomMessages: 365, privateMessages: 730, flagContext: 730, oncallLog: 365, attendance: 730, audit: 2190 },
      sweepMinutes: 60,
    });
  });

  it("reads each setting, where 0 keeps a class for ever", () => {
    const { retention } = loadConfig({ DATA_DIR: dir, RETENTION_ROOM_MESSAGES_DAYS: "30", RETENTION_AUDIT_DAYS: "0", RETENTION_SWEEP_MINUTES: "5" }).config;
    expect(retention).toMatchObject({ days: { roomMessages: 30, audit: 0 }, sweepMinutes: 5 });
    const now = new Date("2030-01-31T00:00:00.000Z");
    const cutoffs = retentionCutoffs(retention.days, now);
    expect(cutoffs.get("roomMessages")).toEqual(new Date("2030-01-01T00:00:00.000Z"));
    expect(cutoffs.has("audit")).toBe(false);
  });

  it.each([
    ["RETENTION_PRIVATE_MESSAGES_DAYS", "-1"],
    ["RETENTION_FLAG_CONTEXT_DAYS", "half a year"],
    ["RETENTION_SWEEP_MINUTES", "0"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dir, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir, [name]: value })).toThrow(new RegExp(name));
  });
});
