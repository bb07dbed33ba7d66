import { createTokenService } from "../../server/src/auth/tokens";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LOGIN_MAX_FAILURES: "3" } });
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("POST /api/auth/login", () => {
  it("returns a token and the user for the right password", async () => {
    const { user, password } = await server.createUser("member");
    const res = await post("/api/auth/login", { username: user.username, password });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: unknown; expiresAt: string };
    expect(typeof body.token).toBe("string");
    expect(body.user).toEqual({ id: user.id, username: user.username, displayName: user.displayName, role: "member" });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("answers 401 unauthenticated for a wrong password and for an unknown user alike", async () => {
    const { user } = await server.createUser("member");
    for (const creds of [{ username: user.username, password: "wrong password!" }, { username: "nobody-here", password: "whatever12345" }]) {
      const res = await post("/api/auth/login", creds);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    }
  });

  it("rejects a malformed body with invalid_input", async () => {
    const res = await post("/api/auth/login", { username: { $gt: "" }, password: "x" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });

  it("throttles an account from an address after repeated failures there, even for the right password", async () => {
    const { user, password } = await server.createUser("member");
    for (let i = 0; i < 3; i++) expect((await post("/api/auth/login", { username: user.username, password: "nope-nope-nope" })).status).toBe(401);
    const res = await post("/api/auth/login", { username: user.username, password });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("renews a token with /api/auth/refresh", async () => {
    const { user, password } = await server.createUser("member");
    const token = await server.login(user.username, password);
    const res = await post("/api/auth/refresh", {}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const fresh = ((await res.json()) as { token: string }).token;
    await expect(server.connect(fresh)).resolves.toBeDefined();
    expect((await post("/api/auth/refresh", {})).status).toBe(401);
  });

  it("says who the account is now when renewing, including a role changed since sign-in", async () => {
    const { user, password } = await server.createUser("member");
    const token = await server.login(user.username, password);
    const { token: adminToken } = await server.connectAs("admin");
    const changed = await fetch(`${server.url}/api/admin/users/${user.id}/role`, { method: "PATCH", headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` }, body: JSON.stringify({ role: "peer" }) });
    expect(changed.status).toBe(200);
    const res = await post("/api/auth/refresh", {}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: unknown }).user).toEqual({ id: user.id, username: user.username, displayName: user.displayName, role: "peer" });
  });
});

describe("socket handshake", () => {
  it("accepts a valid token and knows who the user is", async () => {
    const { socket, user } = await server.connectAs("member");
    expect(socket.connected).toBe(true);
    const ack = await socket.timeout(3000).emitWithAck("room:list", {});
    expect(ack.ok).toBe(true);
    expect(user.role).toBe("member");
  });

  it.each([
    ["a missing token", undefined],
    ["a garbage token", "not-a-jwt"],
    ["a token signed with another secret", createTokenService({ secret: "another-secret-another-secret-0123", ttlSeconds: 600 }).issue("x").token],
  ])("rejects %s with connect_error unauthenticated", async (_label, token) => {
    await expect(server.connect(token as string)).rejects.toThrow("unauthenticated");
  });

  it("rejects an expired token with connect_error unauthenticated", async () => {
    const { user } = await server.createUser("member");
    const past = createTokenService({
      secret: server.config.jwtSecret,
      ttlSeconds: 60,
      now: () => new Date(Date.now() - 3_600_000),
    }).issue(user.id).token;
    await expect(server.connect(past)).rejects.toThrow("unauthenticated");
  });

  it("rejects a browser connection from an origin that is not allowed", async () => {
    const { user, password } = await server.createUser("member");
    const token = await server.login(user.username, password);
    await expect(server.connect(token, { origin: "https://evil.example" })).rejects.toThrow();
    // The same token from the server's own origin is fine.
    await expect(server.connect(token, { origin: server.url })).resolves.toBeDefined();
  });
});

describe("allowed origins from config", () => {
  it("accepts a listed cross-origin browser client", async () => {
    const other = await startTestServer({ env: { ALLOWED_ORIGINS: "https://app.example.org" } });
    try {
      const { user, password } = await other.createUser("member");
      const token = await other.login(user.username, password);
      await expect(other.connect(token, { origin: "https://app.example.org" })).resolves.toBeDefined();
      await expect(other.connect(token, { origin: "https://evil.example" })).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});

describe("admin routes", () => {
  const authed = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

  it("lets an admin create users and change roles, and nobody else", async () => {
    const admin = await server.createUser("admin");
    const adminToken = await server.login(admin.user.username, admin.password);
    const moderator = await server.createUser("moderator");
    const modToken = await server.login(moderator.user.username, moderator.password);

    const newUser = { username: `made-by-admin-${Date.now()}`, password: "a long enough password", role: "member" };
    const denied = await fetch(`${server.url}/api/admin/users`, { method: "POST", headers: authed(modToken), body: JSON.stringify(newUser) });
    expect(denied.status).toBe(403);

    const created = await fetch(`${server.url}/api/admin/users`, { method: "POST", headers: authed(adminToken), body: JSON.stringify(newUser) });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; role: string } };
    expect(user.role).toBe("member");
    expect(await server.store.users.findByUsername(newUser.username)).not.toBeNull();

    const duplicate = await fetch(`${server.url}/api/admin/users`, { method: "POST", headers: authed(adminToken), body: JSON.stringify(newUser) });
    expect(duplicate.status).toBe(409);

    const promoted = await fetch(`${server.url}/api/admin/users/${user.id}/role`, { method: "PATCH", headers: authed(adminToken), body: JSON.stringify({ role: "peer" }) });
    expect(promoted.status).toBe(200);
    expect((await server.store.users.findById(user.id))?.role).toBe("peer");

    const unauth = await fetch(`${server.url}/api/admin/users`);
    expect(unauth.status).toBe(401);
  });

  it("never stores a password in clear", async () => {
    const { user, password } = await server.createUser("member");
    const record = await server.store.users.findById(user.id);
    expect(record?.passwordHash).toMatch(/^scrypt\$/);
    expect(record?.passwordHash).not.toContain(password);
  });
});

describe("health", () => {
  it("answers /healthz and /readyz with the store's state", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: [{ name: "store", ok: true, critical: true }] });
  });

  it("reports 503 with the reason when the store is down", async () => {
    const other = await startTestServer();
    await other.store.close();
    const res = await fetch(`${other.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; ok: boolean; reason?: string }[] };
    expect(body.checks[0]).toMatchObject({ name: "store", ok: false, reason: expect.any(String) });
    await other.app.close();
  });

  it("reports degraded with 200 when only a non-critical check fails, and 503 when the store fails too", async () => {
    const failing = { name: "redis", critical: false, check: () => Promise.reject(new Error("connection refused")) };
    const other = await startTestServer({ deps: { readiness: [failing] } });
    const degraded = await fetch(`${other.url}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toEqual({
      status: "degraded",
      checks: [
        { name: "store", ok: true, critical: true },
        { name: "redis", ok: false, critical: false, reason: "connection refused" },
      ],
    });
    await other.store.close();
    const down = await fetch(`${other.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable" });
    await other.app.close();
  });

  it("sends a strict content security policy", async () => {
    const res = await fetch(`${server.url}/healthz`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });
});
