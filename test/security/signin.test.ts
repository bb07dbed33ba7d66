/**
 * Attacks on sign-in, against real servers: a burst of concurrent guesses, a lockout aimed at
 * someone else, a flood that would tie up password hashing, guessable passwords, and guesses split
 * across two nodes sharing Redis.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { scryptHasher, type PasswordHasher } from "../../server/src/auth/passwords";
import { startCluster, type Cluster } from "../support/cluster";
import { startTestServer, type TestServer } from "../support/server";
import { describeWithService, startRedis, type RunningService } from "../support/services";

jest.setTimeout(60_000);

interface Probe {
  hasher: PasswordHasher;
  verifications: number;
  active: number;
  maxActive: number;
  /** While set, every verification waits for release(). */
  hold(): void;
  release(): void;
}

/** A real scrypt hasher that counts checks and hashes in flight, and can hold checks back. */
function probeHasher(): Probe {
  const inner = scryptHasher(10);
  let held: Promise<void> | undefined;
  let open = () => {};
  const track = async <T>(task: () => Promise<T>): Promise<T> => {
    probe.active++;
    probe.maxActive = Math.max(probe.maxActive, probe.active);
    try {
      return await task();
    } finally {
      probe.active--;
    }
  };
  const probe: Probe = {
    verifications: 0,
    active: 0,
    maxActive: 0,
    hasher: {
      hash: (password) => track(() => inner.hash(password)),
      verify: (password, stored) =>
        track(async () => {
          probe.verifications++;
          await held;
          return inner.verify(password, stored);
        }),
    },
    hold() {
      held = new Promise((resolve) => (open = resolve));
    },
    release() {
      held = undefined;
      open();
    },
  };
  return probe;
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const STRONG = "a quiet lantern over seven hills";

function signIn(url: string, username: string, password: string, address?: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(address ? { "x-forwarded-for": address } : {}) },
    body: JSON.stringify({ username, password }),
  });
}

const errorCode = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

describe("sign-in under attack", () => {
  let server: TestServer;
  let probe: Probe;
  beforeEach(async () => {
    probe = probeHasher();
    server = await startTestServer({
      env: { TRUST_PROXY: "true", LOGIN_MAX_FAILURES: "5", LOGIN_IP_MAX_FAILURES: "1000", PASSWORD_HASH_CONCURRENCY: "8", PASSWORD_HASH_QUEUE: "64" },
      deps: { passwordHasher: probe.hasher },
    });
  });
  afterEach(() => server.close());

  it("checks at most the limit of 41 concurrent guesses, and refuses the right password inside the burst", async () => {
    const { user, password } = await server.createUser("member");
    probe.hold();
    let refused = 0;
    const wrong = Array.from({ length: 40 }, (_, i) =>
      signIn(server.url, user.username, `wrong guess number ${i}`, "203.0.113.5").then((res) => {
        if (res.status === 429) refused++;
        return res;
      }),
    );
    // Every wrong guess has either reached the password check (held there) or been refused.
    await until("the burst to be decided", () => probe.verifications + refused >= 40);
    const right = await signIn(server.url, user.username, password, "203.0.113.5");
    probe.release();
    const answers = await Promise.all(wrong);

    expect(right.status).toBe(429);
    expect(await errorCode(right)).toBe("rate_limited");
    expect(probe.verifications).toBeLessThanOrEqual(5);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(probe.verifications);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(40 - probe.verifications);
  });

  it("locks the guessing address out of the account, not the owner signing in from elsewhere", async () => {
    const { user, password } = await server.createUser("member");
    for (let i = 0; i < 5; i++) expect((await signIn(server.url, user.username, "not the password", "203.0.113.9")).status).toBe(401);

    const attacker = await signIn(server.url, user.username, password, "203.0.113.9");
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get("retry-after"))).toBeGreaterThan(0);

    const owner = await signIn(server.url, user.username, password, "198.51.100.7");
    expect(owner.status).toBe(200);
  });

  it("refuses common passwords with the checker's reason, wherever an account is created", async () => {
    for (const weak of ["password12", "qwerty123", "iloveyou1"]) {
      await expect(server.app.services.accounts.create({ username: `weak-${weak}`, password: weak, role: "member" })).rejects.toMatchObject({
        code: "invalid_input",
        message: expect.stringMatching(/commonly used password/i),
      });
    }
    const admin = await server.createUser("admin");
    const token = await server.login(admin.user.username, admin.password);
    const create = (password: string) =>
      fetch(`${server.url}/api/admin/users`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ username: `new-${Date.now()}`, password, role: "member" }),
      });
    const weak = await create("password12");
    expect(weak.status).toBe(400);
    const body = (await weak.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(/commonly used password/i);

    expect((await create(STRONG)).status).toBe(201);
  });
});

describe("npm run admin -- create-user", () => {
  const root = path.resolve(__dirname, "../..");
  const createUser = (dataDir: string, password: string) =>
    spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "server/src/cli/admin.ts"), "create-user", "--username", "cli-user", "--password", password, "--role", "member"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, NODE_ENV: "test", DATA_DIR: dataDir, JWT_SECRET: "test-secret-that-is-long-enough-0123456789", PASSWORD_HASH_COST: "10" },
    });

  it("refuses a common password with the reason, and creates the account with a strong one", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-cli-"));
    try {
      const weak = createUser(dataDir, "password12");
      expect(weak.status).toBe(1);
      expect(weak.stderr).toMatch(/commonly used password/i);
      const strong = createUser(dataDir, STRONG);
      expect(strong.status).toBe(0);
      expect(strong.stdout).toMatch(/Created member cli-user/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("password hashing under a flood", () => {
  let server: TestServer;
  let probe: Probe;
  beforeAll(async () => {
    probe = probeHasher();
    server = await startTestServer({
      env: { TRUST_PROXY: "true", LOGIN_IP_MAX_FAILURES: "1000", PASSWORD_HASH_CONCURRENCY: "2", PASSWORD_HASH_QUEUE: "2" },
      deps: { passwordHasher: probe.hasher },
    });
  });
  afterAll(() => server.close());

  it("never runs more hashes than the cap, and refuses the excess at once with rate_limited", async () => {
    const { user, password } = await server.createUser("member");
    probe.hold();
    // Thirty failed sign-ins from thirty addresses: no per-address limit stops them, only the cap.
    let refused = 0;
    const flood = Array.from({ length: 30 }, (_, i) =>
      signIn(server.url, user.username, `flood guess ${i}`, `192.0.2.${i + 1}`).then((res) => {
        if (res.status === 429) refused++;
        return res;
      }),
    );
    // Two hashing, two waiting for a slot, and the other twenty-six already answered.
    await until("the cap and the queue to fill", () => probe.active === 2 && refused === 26);

    // A real sign-in, and an account creation, are answered now instead of queueing behind the flood.
    const real = await signIn(server.url, user.username, password, "198.51.100.20");
    expect(real.status).toBe(429);
    expect(real.headers.get("retry-after")).toBe("1");
    expect(await errorCode(real)).toBe("rate_limited");
    await expect(server.app.services.accounts.create({ username: "made-during-flood", password: STRONG, role: "member" })).rejects.toMatchObject({ code: "rate_limited" });

    probe.release();
    const answers = await Promise.all(flood);
    expect(probe.maxActive).toBeLessThanOrEqual(2);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(4);
    const excess = answers.filter((r) => r.status === 429);
    expect(excess).toHaveLength(26);
    expect(await Promise.all(excess.map(errorCode))).toEqual(Array(26).fill("rate_limited"));

    // Refused before its password was checked, the real sign-in cost its address nothing.
    expect((await signIn(server.url, user.username, password, "198.51.100.20")).status).toBe(200);
  });
});

describeWithService("redis", "sign-in limits across nodes", () => {
  let redis: RunningService;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(2, { redisUrl: redis.url, env: { LOGIN_MAX_FAILURES: "4", LOGIN_IP_MAX_FAILURES: "1000" } });
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it("counts guesses split across two nodes together", async () => {
    const { user, password } = await cluster.createUser("member");
    const [node1, node2] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => cluster.login(i % 2 ? node2 : node1, user.username, `guess ${i}`)));
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
    expect((await cluster.login(node1, user.username, password)).status).toBe(429);
    expect((await cluster.login(node2, user.username, password)).status).toBe(429);
  });
});
