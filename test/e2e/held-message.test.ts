/**
 * A message held for review (CRISIS_HOLD_IMMINENT) in the room's browsers: its author sees it marked
 * as held, everyone else sees nothing of it (not even a gap) until a moderator releases it, and
 * then it appears in its place.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, waitForEvent, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

// A phrase the detector rates imminent (see docs/crisis-detection.md); written for these tests.
const IMMINENT = "I am going to kill myself tonight";

describeWithService("chromium", "held messages in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite({ env: { CRISIS_HOLD_IMMINENT: "true" } }, (s) => ({ server, browser } = s));

  it("shows a held message to its author alone, and to everyone once released, in its place", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    expectOk(await request(mod, "room:create", { name: "Held room" }));
    const pages = [];
    for (const name of ["author", "reader"]) {
      const { user, password } = await server.createUser("member", name);
      const opened = await openPage(browser);
      await signInThroughForm(opened.page, server.url, user.username, password);
      await opened.page.getByRole("button", { name: "Held room" }).click();
      await opened.page.waitForSelector("#room-title:has-text('Held room')");
      pages.push(opened);
    }
    const [author, reader] = pages as [(typeof pages)[number], (typeof pages)[number]];
    await author.page.waitForSelector("#presence-list li:nth-child(2)");

    const raised = waitForEvent(mod, "flag:raised", () => true, 10_000);
    await author.page.fill("#composer", IMMINENT);
    await author.page.press("#composer", "Enter");
    const heldItem = author.page.locator("#message-list li.held[data-seq='1']");
    await heldItem.waitFor();
    expect(await heldItem.innerText()).toContain("held for review");
    await author.page.fill("#composer", "Sorry, never mind");
    await author.page.press("#composer", "Enter");

    // The reader gets message 2, fetches the hole before it, and shows nothing for message 1.
    await reader.page.locator("#message-list li[data-seq='2']").waitFor();
    expect(await reader.page.locator("#message-list li").count()).toBe(1);
    expect(await reader.page.locator("#message-list").innerText()).not.toContain(IMMINENT);
    await author.page.screenshot({ path: path.join(SCREENSHOTS, "room-held.png") });

    const flag = await raised;
    expectOk(await request(mod, "flag:release", { flagId: flag.id }));
    await reader.page.locator(`#message-list li[data-seq='1']:has-text('${IMMINENT}')`).waitFor();
    expect(await reader.page.locator("#message-list li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-seq")))).toEqual(["1", "2"]);
    await author.page.locator("#message-list li[data-seq='1']:not(.held)").waitFor();
    // Sent once, shown once.
    expect(await author.page.locator("#message-list li", { hasText: IMMINENT }).count()).toBe(1);
    for (const p of pages) expect(p.errors).toEqual([]);
  });
});
