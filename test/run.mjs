// `npm test`: runs jest, after saying loudly which service-backed suites cannot run here and why.
// With HAVEN_REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails the run instead.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { findServices } = require("./support/binaries.cjs");

const services = findServices();
const missing = Object.entries(services).filter(([, s]) => !s.bin);
const required = process.env.HAVEN_REQUIRE_SERVICES === "1";
const mongoUri = process.env.MONGODB_URI;

if (missing.length > 0) {
  const bar = "!".repeat(78);
  console.error(`\n${bar}`);
  for (const [name, s] of missing) {
    if (name === "ferretdb" && mongoUri) continue;
    console.error(`!! ${required ? "MISSING" : "SKIPPING"}: suites that need ${name} (binary not found; install with: ${s.install})`);
  }
  console.error(`${bar}\n`);
  if (required && missing.some(([name]) => !(name === "ferretdb" && mongoUri))) {
    console.error("HAVEN_REQUIRE_SERVICES=1: refusing to skip service-backed suites.");
    process.exit(1);
  }
}

const env = { ...process.env };
if (services.redis.bin) env.HAVEN_REDIS_SERVER_BIN = services.redis.bin;
if (services.ferretdb.bin) env.HAVEN_FERRETDB_BIN = services.ferretdb.bin;
if (services.chromium.bin) env.HAVEN_CHROMIUM_BIN = services.chromium.bin;

const out = mkdtempSync(path.join(os.tmpdir(), "haven-jest-"));
const resultFile = path.join(out, "results.json");
const jest = require.resolve("jest/bin/jest");
const run = spawnSync(process.execPath, [jest, "--json", `--outputFile=${resultFile}`, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});

try {
  const r = JSON.parse(readFileSync(resultFile, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} catch {
  // jest failed before writing results; its own output says why.
}
rmSync(out, { recursive: true, force: true });
process.exit(run.status ?? 1);
