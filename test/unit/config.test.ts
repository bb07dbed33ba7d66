import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../server/src/config";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "haven-config-"));

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const dir = tmp();
    const { config } = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, host: "0.0.0.0", env: "development", allowedOrigins: [], tokenTtlSeconds: 3600 });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    // An acked message survives power loss unless the operator chooses otherwise.
    expect(config.sqliteSynchronous).toBe("FULL");
    rmSync(dir, { recursive: true });
  });

  it.each([
    ["PORT", "eighty", "PORT"],
    ["PORT", "70000", "PORT"],
    ["MONGODB_URI", "postgres://x", "MONGODB_URI"],
    ["REDIS_URL", "http://x", "REDIS_URL"],
    ["JWT_SECRET", "short", "JWT_SECRET"],
    ["NODE_ENV", "staging", "NODE_ENV"],
    ["CRISIS_HOLD_IMMINENT", "yes please", "CRISIS_HOLD_IMMINENT"],
    ["SQLITE_SYNCHRONOUS", "OFF", "SQLITE_SYNCHRONOUS"],
  ])("refuses %s=%s with a message naming the variable", (name, value, named) => {
    expect(() => loadConfig({ DATA_DIR: tmp(), [name]: value })).toThrow(new RegExp(named));
    expect(() => loadConfig({ DATA_DIR: tmp(), [name]: value })).toThrow(ConfigError);
  });

  it("caps password hashing per node by default, queues eight rounds of it, and bounds the strength score", () => {
    const dir = tmp();
    const { config } = loadConfig({ DATA_DIR: dir });
    const cores = os.availableParallelism();
    expect(config.passwordHashing.concurrency).toBe(Math.max(1, Math.min(2 * cores, 3)));
    expect(config.passwordHashing.queue).toBe(8 * config.passwordHashing.concurrency);
    expect(config.passwordMinScore).toBe(3);
    expect(loadConfig({ DATA_DIR: dir, PASSWORD_HASH_CONCURRENCY: "6", PASSWORD_HASH_QUEUE: "0" }).config.passwordHashing).toEqual({ concurrency: 6, queue: 0 });
    expect(() => loadConfig({ DATA_DIR: dir, PASSWORD_MIN_SCORE: "5" })).toThrow(/PASSWORD_MIN_SCORE/);
    rmSync(dir, { recursive: true });
  });

  it("holds nothing for review unless CRISIS_HOLD_IMMINENT is set", () => {
    expect(loadConfig({ DATA_DIR: tmp() }).config.flags.holdImminent).toBe(false);
    expect(loadConfig({ DATA_DIR: tmp(), CRISIS_HOLD_IMMINENT: "true" }).config.flags.holdImminent).toBe(true);
  });

  it("requires JWT_SECRET in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", DATA_DIR: tmp() })).toThrow(/JWT_SECRET/);
  });

  it("generates a development secret once, keeps it in the data directory, and warns", () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.config.jwtSecret).toBe(first.config.jwtSecret);
    expect(existsSync(path.join(dir, "jwt-secret"))).toBe(true);
    expect(readFileSync(path.join(dir, "jwt-secret"), "utf8").trim()).toBe(first.config.jwtSecret);
    expect(first.warnings.join(" ")).toMatch(/JWT_SECRET/);
    rmSync(dir, { recursive: true });
  });

  it("treats an empty variable as unset and splits origin lists", () => {
    const { config } = loadConfig({ DATA_DIR: tmp(), PORT: "", ALLOWED_ORIGINS: "https://a.example, https://b.example" });
    expect(config.port).toBe(3000);
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
  });
});
