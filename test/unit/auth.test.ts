import { throttleAddress } from "../../server/src/auth/client-address";
import { createHashGate } from "../../server/src/auth/hash-gate";
import { createLoginThrottle } from "../../server/src/auth/login-throttle";
import { hashPassword, verifyPassword } from "../../server/src/auth/passwords";
import { createTokenService } from "../../server/src/auth/tokens";

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery", 10);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$/);
    await expect(verifyPassword("correct horse battery", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse batterY", hash)).resolves.toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", 10)).not.toBe(await hashPassword("same", 10));
  });

  it("rejects a malformed stored hash instead of throwing", async () => {
    await expect(verifyPassword("x", "plain-text")).resolves.toBe(false);
  });
});

describe("tokens", () => {
  const secret = "s".repeat(40);
  it("round-trips the user id", () => {
    const tokens = createTokenService({ secret, ttlSeconds: 60 });
    expect(tokens.verify(tokens.issue("user-1").token)).toBe("user-1");
  });

  it("rejects an expired token", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const tokens = createTokenService({ secret, ttlSeconds: 60, now: () => now });
    const { token, expiresAt } = tokens.issue("user-1");
    expect(expiresAt.toISOString()).toBe("2026-01-01T00:01:00.000Z");
    now = new Date("2026-01-01T00:01:01Z");
    expect(tokens.verify(token)).toBeNull();
  });

  it("rejects a tampered token and one signed with another secret", () => {
    const tokens = createTokenService({ secret, ttlSeconds: 60 });
    const { token } = tokens.issue("user-1");
    expect(tokens.verify(token.slice(0, -2) + "xx")).toBeNull();
    expect(createTokenService({ secret: "t".repeat(40), ttlSeconds: 60 }).verify(token)).toBeNull();
    expect(tokens.verify(undefined)).toBeNull();
  });
});

describe("login throttle", () => {
  it("counts attempts per account and address, and starts an address afresh on success", async () => {
    const throttle = createLoginThrottle({ maxFailures: 2, ipMaxFailures: 100, windowSeconds: 60 });
    expect(await throttle.take("Ann", "1.1.1.1")).toBe(0);
    expect(await throttle.take("ann ", "1.1.1.1")).toBe(0);
    expect(await throttle.take("ANN", "1.1.1.1")).toBeGreaterThan(0);
    // Another address is not locked out of the same account.
    expect(await throttle.take("ann", "3.3.3.3")).toBe(0);
    await throttle.succeeded("ann", "1.1.1.1");
    expect(await throttle.take("ann", "1.1.1.1")).toBe(0);
  });

  it("blocks an address that tries many accounts", async () => {
    const throttle = createLoginThrottle({ maxFailures: 100, ipMaxFailures: 3, windowSeconds: 60 });
    for (const u of ["a", "b", "c"]) expect(await throttle.take(u, "9.9.9.9")).toBe(0);
    expect(await throttle.take("d", "9.9.9.9")).toBeGreaterThan(0);
    expect(await throttle.take("d", "8.8.8.8")).toBe(0);
  });

  it("gives back an attempt whose password was never checked", async () => {
    const throttle = createLoginThrottle({ maxFailures: 1, ipMaxFailures: 1, windowSeconds: 60 });
    expect(await throttle.take("ann", "1.1.1.1")).toBe(0);
    await throttle.refund("ann", "1.1.1.1");
    expect(await throttle.take("ann", "1.1.1.1")).toBe(0);
  });
});

describe("throttle address", () => {
  it("counts an IPv6 client by its /64 and a mapped IPv4 client as IPv4", () => {
    expect(throttleAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(throttleAddress("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(throttleAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleAddress("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(throttleAddress("10.0.0.1")).toBe("10.0.0.1");
    expect(throttleAddress(undefined)).toBe("unknown");
  });
});

describe("hash gate", () => {
  it("runs at most `concurrency` tasks, starts waiters in arrival order, and refuses beyond the queue", async () => {
    const gate = createHashGate({ concurrency: 1, queue: 2 });
    const started: number[] = [];
    let finish = () => {};
    const task = (n: number) => () => {
      started.push(n);
      return new Promise<number>((resolve) => (finish = () => resolve(n)));
    };
    const runs = [1, 2, 3].map((n) => gate.run(task(n)));
    await expect(gate.run(task(4))).rejects.toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: 1 } });
    expect(started).toEqual([1]);
    for (const n of [1, 2, 3]) {
      await new Promise((r) => setImmediate(r));
      expect(started).toEqual([1, 2, 3].slice(0, n));
      finish();
      await expect(runs[n - 1]).resolves.toBe(n);
    }
  });

  it("frees its slot when a task fails", async () => {
    const gate = createHashGate({ concurrency: 1, queue: 0 });
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(() => Promise.resolve("ok"))).resolves.toBe("ok");
  });
});
