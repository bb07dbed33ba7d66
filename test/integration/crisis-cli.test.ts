import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const run = (script: string, args: string[], input: string) =>
  execFileSync(process.execPath, [tsx, path.join(root, "server/src/cli", script), ...args], { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

describe("npm run crisis:scan", () => {
  it("answers one JSON line per input line, in order, with nothing else on stdout", () => {
    const input = [
      { id: "a", text: "I want to kill myself tonight" },
      { id: 2, text: "this exam is killing me" },
      { id: "c", text: "I'm not suicidal anymore", extra: "ignored" },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n");
    const lines = run("crisis-scan.ts", [], `${input}\n`).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toEqual({
      id: "a",
      flagged: true,
      alert: true,
      severity: "imminent",
      categories: expect.arrayContaining(["suicidal_ideation", "plan_timing"]),
      matches: expect.arrayContaining([{ term: "kill myself", start: 10, end: 21 }]),
    });
    expect(out[1]).toEqual({ id: 2, flagged: false, alert: false, severity: null, categories: [], matches: [] });
    // Negated: listed for review, paging nobody.
    expect(out[2]).toMatchObject({ id: "c", flagged: true, alert: false, severity: null });
    expect(Object.keys(out[0]!).sort()).toEqual(["alert", "categories", "flagged", "id", "matches", "severity"]);
  });

  it("applies a deployment's lexicon override", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-lexicon-"));
    const file = path.join(dir, "override.json");
    writeFileSync(file, JSON.stringify({ version: "test", entries: [{ id: "local.phrase", category: "suicidal_ideation", severity: "high", patterns: ["catch the bus"] }] }));
    const [line] = run("crisis-scan.ts", ["--lexicon", file], `${JSON.stringify({ id: 1, text: "going to catch the bus" })}\n`).trim().split("\n");
    expect(JSON.parse(line!)).toMatchObject({ flagged: true, severity: "high", matches: [{ term: "catch the bus" }] });
  });

  it("pages or only lists someone else at risk as --concern-other says, like the server's CRISIS_CONCERN_OTHER", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-lexicon-"));
    const file = path.join(dir, "override.json");
    writeFileSync(file, JSON.stringify({ modifiers: { concern: ["what should i do"] } }));
    const input = `${JSON.stringify({ id: 1, text: "my friend says she wants to kill herself tonight, what should I do?" })}\n`;
    const scan = (args: string[]) => JSON.parse(run("crisis-scan.ts", ["--lexicon", file, ...args], input).trim()) as Record<string, unknown>;
    expect(scan([])).toMatchObject({ flagged: true, alert: true });
    expect(scan(["--concern-other", "list"])).toMatchObject({ flagged: true, alert: false, severity: null });
    expect(() => run("crisis-scan.ts", ["--concern-other", "sometimes"], input)).toThrow(/page or list/);
  });
});
