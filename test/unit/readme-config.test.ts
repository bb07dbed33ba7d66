import { readFileSync } from "node:fs";
import path from "node:path";
import { envSchema } from "../../server/src/config";

// Admins configure Haven from the README's table; a variable missing there is a setting nobody finds.
const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? ""));

describe("README configuration table", () => {
  it.each(Object.keys(envSchema.shape))("documents %s", (name) => {
    expect(documented.has(name)).toBe(true);
  });

  it("documents nothing that config.ts does not read", () => {
    const known = new Set(Object.keys(envSchema.shape));
    expect([...documented].filter((name) => !known.has(name))).toEqual([]);
  });
});
