/**
 * The moderator's crisis workflow in a real browser: the banner follows its flag (cleared when
 * someone else claims it, back when a new message lands on it), "Show it" always reaches the flag,
 * and the holder can unclaim from the row.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildClient, launchBrowser, showFlagDashboard, signInThroughForm, waitForTrue } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, startTestServer, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const SHOTS = path.resolve(__dirname, "../../test-results/screenshots");
// Imminent from the start, so a second message keeps the tier: a new hit, not a rise in level.
const IMMINENT = "I am going to kill myself tonight";

describeWithService("chromium", "the moderator's crisis workflow in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    buildClient();
    server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "1000" } });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function dashboard(name: string): Promise<Page> {
    const { user, password } = await server.createUser("moderator", name);
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await signInThroughForm(page, server.url, user.username, password);
    await showFlagDashboard(page);
    return page;
  }

  async function authorIn(): Promise<{ say(body: string): Promise<void> }> {
    const owner = await server.connectAs("moderator", "roomowner");
    const room = expectOk(await request(owner.socket, "room:create", { name: `Circle ${randomUUID().slice(0, 6)}` }));
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    return { say: async (body) => void expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body })) };
  }

  it("clears the banner when another moderator claims the flag, alerts again on a new message, and Show it reaches the flag", async () => {
    const page = await dashboard("bannerwatch");
    const author = await authorIn();
    await author.say(IMMINENT);
    const banner = page.locator("#flag-alert");
    await banner.waitFor({ state: "visible" });
    expect(await banner.innerText()).toContain("New flag");
    const flagId = (await banner.getAttribute("data-flag-id"))!;

    const other = await server.connectAs("moderator", "elsewhere");
    expectOk(await request(other.socket, "flag:claim", { flagId }));
    await banner.waitFor({ state: "hidden" });
    await page.locator(`#flag-${flagId}[data-status='claimed']`).waitFor();

    await author.say(IMMINENT);
    await page.locator("#flag-alert[data-kind='hit']").waitFor({ state: "visible" });
    expect(await banner.innerText()).toContain("New message on a flag");
    expect(await banner.innerText()).toContain("Claimed by");
    await page.screenshot({ path: path.join(SHOTS, "flag-workflow-hit-banner.png") });
    await banner.getByRole("button", { name: "Show it" }).click();
    expect(await banner.isVisible()).toBe(false);
    // Written as a string: this file is type-checked without the DOM library.
    expect(await page.evaluate(`document.getElementById("flag-${flagId}").contains(document.activeElement)`)).toBe(true);
  });

  it("lets the holder unclaim from the row, and the flag is open again", async () => {
    const page = await dashboard("unclaimer");
    const author = await authorIn();
    await author.say(IMMINENT);
    const banner = page.locator("#flag-alert");
    await banner.waitFor({ state: "visible" });
    const flagId = (await banner.getAttribute("data-flag-id"))!;
    const row = page.locator(`#flag-${flagId}`);
    await row.locator("button.flag-claim").click();
    await page.locator(`#flag-${flagId}[data-status='claimed']`).waitFor();
    expect(await banner.isVisible()).toBe(false);
    await row.locator("button.flag-unclaim").focus();
    await page.keyboard.press("Enter");
    await page.locator(`#flag-${flagId}[data-status='open']`).waitFor();
    expect(await row.locator(".flag-status").innerText()).toContain("nobody has claimed it");
    expect(await row.locator("button.flag-unclaim").isVisible()).toBe(false);
    expect((await server.store.flags.findById(flagId))?.status).toBe("open");
  });

  it("shows the history of resolved flags with outcome and notes, filtered by outcome, and opens a flag's context", async () => {
    const page = await dashboard("historian");
    const resolver = await server.connectAs("moderator", "resolver");
    const author = await authorIn();
    await author.say(IMMINENT);
    await page.locator("#flag-alert").waitFor({ state: "visible" });
    const flagId = (await page.locator("#flag-alert").getAttribute("data-flag-id"))!;
    expectOk(await request(resolver.socket, "flag:resolve", { flagId, outcome: "referred", notes: "passed to the local crisis team" }));

    await page.locator("#history-view summary").click();
    const item = page.locator(`#history-list li[data-flag-id='${flagId}']`);
    await item.waitFor();
    expect(await item.innerText()).toContain("passed to the local crisis team");
    expect(await item.getAttribute("data-outcome")).toBe("referred");
    await page.screenshot({ path: path.join(SHOTS, "flag-workflow-history.png") });
    // Readable and within a phone's width, filters included.
    expect(await page.evaluate(lowContrastText("#history-view"))).toEqual([]);
    await page.setViewportSize({ width: 360, height: 700 });
    expect(await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, "flag-workflow-history-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1000, height: 700 });

    await page.selectOption("#history-outcome", "safe");
    await page.click("#history-search");
    await page.locator("#history-status", { hasText: /No resolved flags match|shown/ }).waitFor();
    await waitForTrue(page, `!document.querySelector("#history-list li[data-flag-id='${flagId}']")`);
    await page.selectOption("#history-outcome", "referred");
    await page.keyboard.press("Tab");
    await page.click("#history-search");
    await item.waitFor();
    await item.locator("button.history-open").click();
    await page.locator("#flag-detail", { hasText: "kill myself" }).waitFor();
  });
});
