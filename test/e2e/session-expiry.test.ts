/**
 * Token expiry in the browser, with the page's clock moved by hand: the token is renewed before it
 * expires, a refused renewal signs the person out with a plain explanation, and an expired token
 * left in sessionStorage is never used.
 */
import type { Browser, Page } from "playwright-core";
import { browserSuite, openPage, signInThroughForm } from "../support/browser";
import { type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const stored = (page: Page) => page.evaluate("JSON.parse(sessionStorage.getItem('haven.session') ?? 'null')") as Promise<{ token: string; expiresAt: string } | null>;

describeWithService("chromium", "token expiry in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  // One hour, the default: renewal is due a minute before.
  browserSuite({ env: { TOKEN_TTL_SECONDS: "3600" } }, (s) => ({ server, browser } = s));

  async function signedIn(): Promise<Page> {
    const { user, password } = await server.createUser("member", "clock");
    const { page } = await openPage(browser);
    await page.clock.install();
    await signInThroughForm(page, server.url, user.username, password);
    return page;
  }

  it("renews the token before it expires and keeps it in sessionStorage", async () => {
    const page = await signedIn();
    const before = await stored(page);
    // Tokens are stamped to the second: let one pass on the server, so the renewed one differs.
    await new Promise((r) => setTimeout(r, 1100));
    const renewed = page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh") && r.status() === 200);
    await page.clock.fastForward("59:30");
    await renewed;
    // The page saves the new token right after the response; look until it has.
    let after = await stored(page);
    for (let i = 0; i < 50 && after?.token === before?.token; i++) after = await new Promise((r) => setTimeout(r, 50)).then(() => stored(page));
    expect(after?.token).not.toBe(before?.token);
    expect(await page.locator("#nav").isVisible()).toBe(true);
  });

  it("signs out with an explanation when the server refuses to renew", async () => {
    const page = await signedIn();
    await page.route("**/api/auth/refresh", (r) => r.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ error: { code: "unauthenticated", message: "Expired." } }) }));
    await page.clock.fastForward("59:30");
    await page.waitForSelector("#login-error:has-text('Your session has ended')");
    expect(await page.locator("#nav").isHidden()).toBe(true);
    expect(await stored(page)).toBeNull();
  });

  it("shows the navigation of a new role as soon as an admin changes it, without signing in again", async () => {
    const { user, password } = await server.createUser("member", "promoted");
    const { page, errors } = await openPage(browser);
    await signInThroughForm(page, server.url, user.username, password);
    expect(await page.locator("button.nav-item[data-view='caseload']").count()).toBe(0);
    const { token: adminToken } = await server.connectAs("admin");
    const changed = await fetch(`${server.url}/api/admin/users/${user.id}/role`, { method: "PATCH", headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` }, body: JSON.stringify({ role: "peer" }) });
    expect(changed.status).toBe(200);
    await page.locator("button.nav-item[data-view='caseload']").waitFor();
    await page.waitForSelector("#connection-status.connected");
    expect(await page.locator("#me").innerText()).toContain("peer");
    expect(errors).toEqual([]);
  });

  it("does not use an expired token left in sessionStorage", async () => {
    const page = await signedIn();
    await page.clock.setSystemTime(Date.now() + 2 * 60 * 60_000);
    await page.reload();
    await page.waitForSelector("#login-form:not([hidden])");
    expect(await page.locator("#nav").isHidden()).toBe(true);
    expect(await stored(page)).toBeNull();
  });
});
