/**
 * Slow mode in the browser: a refused send is not a failure but a wait. The line above the
 * composer counts down, Send is off, messages written meanwhile queue, and all of them go out by
 * themselves, in order, once the server takes messages again.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "waiting out slow mode in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("counts down, queues what is written meanwhile, and sends it when allowed", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Slow room" }));
    expectOk(await request(mod, "room:slow_mode", { roomId: room.id, seconds: 6 }));
    const { user, password } = await server.createUser("member", "patient");
    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: "Slow room" }).click();
    await page.waitForSelector("#room-title:has-text('Slow room')");

    await page.fill("#composer", "one");
    await page.press("#composer", "Enter");
    await page.locator("#message-list li[data-seq='1']:has-text('one')").waitFor();
    await page.fill("#composer", "two");
    await page.press("#composer", "Enter");

    // Refused as too soon: queued, not failed, with a countdown that moves and Send switched off.
    const notice = page.locator("#room-notice");
    await notice.filter({ hasText: "You can send again in" }).waitFor();
    const first = Number(/again in (\d+)/.exec(await notice.innerText())?.[1]);
    await page.locator("#message-list li.pending:has-text('Queued')").waitFor();
    expect(await page.locator("#send").isDisabled()).toBe(true);
    expect(await page.locator("#composer").isDisabled()).toBe(false);
    await notice.filter({ hasText: /again in \d+ second/ }).filter({ hasNotText: `again in ${first} second` }).waitFor();
    await page.fill("#composer", "three");
    await page.press("#composer", "Enter");
    await notice.filter({ hasText: "messages are queued" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "slow-mode-queued.png") });
    expect(await page.locator("#message-list li.failed").count()).toBe(0);

    // Both go out by themselves, in the order written, each when slow mode allows it.
    await page.locator("#message-list li[data-seq='3']:has-text('three')", {}).waitFor({ timeout: 20_000 });
    expect(await page.locator("#message-list li[data-seq='2']").innerText()).toContain("two");
    expect(await page.locator("#message-list li.pending, #message-list li.failed").count()).toBe(0);
    await notice.filter({ hasText: "You can send again" }).waitFor({ state: "detached" });
    expect(await page.locator("#send").isDisabled()).toBe(false);
    const stored = await server.store.messages.history(room.id, { after: 0, limit: 10 });
    expect(stored.map((m) => m.body)).toEqual(["one", "two", "three"]);
    expect(errors).toEqual([]);
  });
});
