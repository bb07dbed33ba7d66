// Finds the external servers the service-backed suites need. Shared by test/run.mjs and the suites.
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const path = require("node:path");
const os = require("node:os");

function onPath(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function goBin(name) {
  const dirs = [process.env.GOBIN, path.join(os.homedir(), "go", "bin")];
  try {
    dirs.push(path.join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(), "bin"));
  } catch {
    // No Go toolchain: FerretDB can only come from PATH.
  }
  for (const dir of dirs) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** Each service: where its binary is (or null), and what to do about it when missing. */
function findServices() {
  return {
    redis: {
      bin: process.env.HAVEN_REDIS_SERVER_BIN || onPath("redis-server"),
      install: "apt-get install redis-server",
    },
    chromium: {
      bin: process.env.HAVEN_CHROMIUM_BIN || onPath("chromium") || onPath("chromium-browser"),
      install: "apt-get install chromium",
    },
    ferretdb: {
      bin: process.env.HAVEN_FERRETDB_BIN || onPath("ferretdb") || goBin("ferretdb"),
      install: "bash .ci/install-ferretdb.sh",
    },
  };
}

module.exports = { findServices };
