/** Debian's Chromium, headless, driven by playwright-core (which never downloads a browser of its own). */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "./server";
import { serviceBin } from "./services";

export async function launchBrowser(): Promise<Browser> {
  const executablePath = serviceBin("chromium");
  if (!executablePath) throw new Error("chromium is not installed");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      // The machine's network is closed: without these Chromium keeps trying to reach its services.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The server serves dist/client; build it from the current source so the test sees what it tests. */
export function buildClient(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, "../../client/build.mjs")], { stdio: "inherit" });
}

/** Where the browser tests leave their screenshots (gitignored). */
export const SCREENSHOTS = path.resolve(__dirname, "../../test-results/screenshots");

export interface OpenedPage {
  page: Page;
  /** Uncaught errors and console errors (a CSP violation shows here). */
  errors: string[];
}

/** A new page at 1000×700 (or the given size) that records its errors. */
export async function openPage(browser: Browser, viewport = { width: 1000, height: 700 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { page, errors };
}

/** Signs in through the form and waits for the socket to connect. */
export async function signInThroughForm(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill("#login-username", username);
  await page.fill("#login-password", password);
  await page.click("#login-submit");
  await page.waitForSelector("#connection-status.connected");
}

/** Shows the moderators' flag dashboard (the first screen for staff, or through the nav) once its places have loaded. */
export async function showFlagDashboard(page: Page): Promise<void> {
  if (!(await page.locator("#flags-view").isVisible())) await page.click("button.nav-item[data-view='flags']");
  await page.waitForSelector("#flags-view #flag-places li");
}

/**
 * A test server and a headless browser for one suite, on the client built from the current
 * source: started before the suite's tests and closed after them. `ready` hands both over.
 */
export function browserSuite(options: Parameters<typeof startTestServer>[0], ready: (s: { server: TestServer; browser: Browser }) => void): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    buildClient();
    server = await startTestServer(options);
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
    ready({ server, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * Waits until `expression` is true in the page. Playwright's waitForFunction re-evaluates its
 * predicate with eval, which the client's CSP (no 'unsafe-eval') refuses once polling starts;
 * one page.evaluate per poll runs as a DevTools evaluation, which the CSP allows.
 */
export async function waitForTrue(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.evaluate(expression)) === true) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
