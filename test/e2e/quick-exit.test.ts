/**
 * Quick exit, by button and by Esc pressed twice: the page is replaced by a neutral site at once,
 * Back does not return to Haven's content, and the session is gone from sessionStorage.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

/** client/src/safety.ts QUICK_EXIT_URL (not imported: that module needs the DOM's types). */
const QUICK_EXIT_URL = "https://www.google.com/search?q=weather";
// The machine has no network: both outside pages are answered locally by the browser's router.
const BEFORE_URL = "https://example.org/before-haven";

describeWithService("chromium", "quick exit", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  /** A signed-in member on the sessions screen, who arrived at Haven from another site. */
  async function signedIn(): Promise<Page> {
    const { user, password } = await server.createUser("member", "leaver");
    const { page } = await openPage(browser);
    await page.route(BEFORE_URL, (r) => r.fulfill({ contentType: "text/html", body: "<title>Before</title><p>Somewhere else</p>" }));
    await page.route(`${new URL(QUICK_EXIT_URL).origin}/**`, (r) => r.fulfill({ contentType: "text/html", body: "<title>Weather</title><p>Sunny</p>" }));
    await page.goto(BEFORE_URL);
    await signInThroughForm(page, server.url, user.username, password);
    await page.waitForSelector("#session-list");
    expect(await page.evaluate("sessionStorage.getItem('haven.session')")).not.toBeNull();
    return page;
  }

  async function expectLeftHaven(page: Page): Promise<void> {
    await page.waitForURL(QUICK_EXIT_URL);
    expect(await page.title()).toBe("Weather");
    // Back goes to where the person was before Haven, not to Haven.
    await page.goBack();
    expect(page.url()).toBe(BEFORE_URL);
    await page.goForward();
    expect(page.url()).toBe(QUICK_EXIT_URL);
    // Haven opened again in the same tab finds no session: the sign-in form, not the last screen.
    await page.goto(server.url);
    await page.waitForSelector("#login-form:not([hidden])");
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    expect(await page.locator("#nav").isHidden()).toBe(true);
  }

  it("replaces the page with a neutral site when the button is pressed, leaving nothing to go back to", async () => {
    const page = await signedIn();
    await page.click("#help-now");
    await page.locator("#help-resources li").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "help-panel.png") });
    await page.click("#quick-exit");
    await expectLeftHaven(page);
  });

  it("does the same when Esc is pressed twice, from inside a text box", async () => {
    const { socket } = await server.connectAs("moderator");
    expectOk(await request(socket, "room:create", { name: "Exit room" }));
    const page = await signedIn();
    await page.getByRole("button", { name: "Exit room" }).click();
    await page.focus("#composer");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expectLeftHaven(page);
  });

  it("does not leave on a single Esc", async () => {
    const page = await signedIn();
    await page.keyboard.press("Escape");
    await page.waitForTimeout(1200);
    await page.keyboard.press("Escape");
    await page.waitForTimeout(300);
    expect(page.url().startsWith(server.url)).toBe(true);
    expect(await page.locator("#session-list").isVisible()).toBe(true);
  });
});
