/** Every action the server writes to the audit log has words on the admins' audit screen. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ACTIONS } from "../../client/src/audit-actions";

const root = path.resolve(__dirname, "../../server/src");
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));

it("names every action code the server records", () => {
  const recorded = new Set<string>();
  for (const f of files(root).filter((f) => f.endsWith(".ts"))) {
    for (const m of readFileSync(f, "utf8").matchAll(/audit\.record\([^,]+,\s*"([a-z_.]+)"/g)) recorded.add(m[1]!);
  }
  expect(recorded.size).toBeGreaterThan(20);
  expect([...recorded].filter((code) => !(code in ACTIONS)).sort()).toEqual([]);
});
