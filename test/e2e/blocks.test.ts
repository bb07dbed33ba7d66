/**
 * Blocking in the browser, at phone width and by keyboard: Block on a member's message asks first,
 * then hides their messages at once, live and after a reload; staff are not offered it; "Blocked
 * people" under Your data lists them with Unblock, which brings their messages back.
 */
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { lowContrastText } from "../support/contrast";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm, waitForTrue } from "../support/browser";
import { expectOk, request, uniqueName, type ClientSocket, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const LOW_CONTRAST = lowContrastText("#view");
const OVERFLOWS = "document.documentElement.scrollWidth > document.documentElement.clientWidth";

describeWithService("chromium", "blocking in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite({ env: { MESSAGE_RATE_LIMIT: "100000" } }, (s) => ({ server, browser } = s));

  const say = async (socket: ClientSocket, roomId: string, body: string) =>
    expectOk(await request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));

  it("blocks a member from their message, hides them live and after a reload, and unblocks from Your data", async () => {
    const mod = await server.connectAs("moderator");
    const name = uniqueName("Evening room ");
    const room = expectOk(await request(mod.socket, "room:create", { name }));
    expectOk(await request(mod.socket, "room:join", { roomId: room.id }));
    const pest = await server.connectAs("member", "pest");
    const friend = await server.connectAs("member", "friend");
    for (const m of [pest, friend]) expectOk(await request(m.socket, "room:join", { roomId: room.id }));
    await say(pest.socket, room.id, "Unkind words from the pest");
    await say(mod.socket, room.id, "Welcome, everyone");
    await say(friend.socket, room.id, "Hello from a friend");

    const { user, password } = await server.createUser("member", "blocker");
    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    // Every history request the page makes: a hidden seq must cost one gap-fill, not a loop of them.
    const historyRequests: number[] = [];
    page.on("websocket", (ws) => ws.on("framesent", (f) => typeof f.payload === "string" && f.payload.includes('"message:history"') && historyRequests.push(Date.now())));
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name }).click();
    const list = page.locator("#message-list");
    await list.locator("li:has-text('Hello from a friend')").waitFor();

    // The same person on another device, with the room open.
    const other = await openPage(browser);
    await signInThroughForm(other.page, server.url, user.username, password);
    await other.page.getByRole("button", { name }).click();
    await other.page.locator("#message-list li:has-text('Unkind words from the pest')").waitFor();

    // Staff are not offered Block; members are.
    expect(await list.locator("li:has-text('Welcome, everyone') .block-action button").count()).toBe(0);
    const pestsMessage = list.locator("li:has-text('Unkind words from the pest')");
    const block = pestsMessage.getByRole("button", { name: `Block ${pest.user.displayName}` });
    await block.focus();
    await page.keyboard.press("Enter");
    // It asks first: Cancel (or Escape) leaves things as they were.
    await pestsMessage.locator(".block-question").waitFor();
    await page.keyboard.press("Escape");
    await block.waitFor();
    expect(await server.store.blocks.listBy(user.id)).toEqual([]);

    await block.focus();
    await page.keyboard.press("Enter");
    await pestsMessage.locator(".block-question").waitFor();
    expect(await page.evaluate(LOW_CONTRAST)).toEqual([]);
    expect(await page.evaluate(OVERFLOWS)).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, "block-confirm-phone.png") });
    // The confirm button has focus: Enter blocks.
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Block");
    await page.keyboard.press("Enter");
    await waitForTrue(page, "![...document.querySelectorAll('#message-list li')].some((li) => li.textContent.includes('pest'))");
    expect((await server.store.blocks.listBy(user.id)).map((b) => b.blockedId)).toEqual([pest.user.id]);
    // The other device hides what it already showed, too.
    await waitForTrue(other.page, "![...document.querySelectorAll('#message-list li')].some((li) => li.textContent.includes('pest'))");
    expect(other.errors).toEqual([]);
    await other.page.close();

    // Live: the pest's new message never arrives; the friend's does, and its seq gap is filled once.
    const before = historyRequests.length;
    await say(pest.socket, room.id, "More from the pest");
    await say(friend.socket, room.id, "Still here with you");
    await list.locator("li:has-text('Still here with you')").waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    expect(historyRequests.length - before).toBe(1);
    expect(await list.locator("li:has-text('pest')").count()).toBe(0);
    await say(friend.socket, room.id, "No gap now");
    await list.locator("li:has-text('No gap now')").waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(historyRequests.length - before).toBe(1);

    // After a reload (the room stays open), from history.
    await page.reload();
    await list.locator("li:has-text('Still here with you')").waitFor();
    expect(await list.locator("li:has-text('pest')").count()).toBe(0);

    // Your data: Blocked people, with Unblock by keyboard.
    await page.click("button.nav-item[data-view='account']");
    const entry = page.locator("#blocked-list li", { hasText: pest.user.displayName });
    await entry.waitFor();
    expect(await page.evaluate(LOW_CONTRAST)).toEqual([]);
    expect(await page.evaluate(OVERFLOWS)).toBe(false);
    await page.locator("#blocked-people").screenshot({ path: path.join(SCREENSHOTS, "blocked-people-phone.png") });
    await entry.getByRole("button", { name: `Unblock ${pest.user.displayName}` }).focus();
    await page.keyboard.press("Enter");
    await page.locator("#blocked-list li:has-text('You have not blocked anyone.')").waitFor();
    await page.locator("#blocked-status:has-text('You unblocked')").waitFor();
    expect(await server.store.blocks.listBy(user.id)).toEqual([]);

    // Back in the room, their messages read again.
    await page.click("button.nav-item[data-view='sessions']");
    await page.getByRole("button", { name }).click();
    await list.locator("li:has-text('More from the pest')").waitFor();
    expect(errors).toEqual([]);
  });
});
