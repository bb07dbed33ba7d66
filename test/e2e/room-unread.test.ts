/**
 * Room unread counts in the browser: a badge that says how many are new in a room the person is in
 * (in words for screen readers, not colour alone), counting up live while they look at the list,
 * the "New since your last visit" line above the first new message on opening, and the badge gone
 * once read.
 */
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm, waitForTrue } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, uniqueName, type ClientSocket, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "room unread counts in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite({}, (s) => ({ server, browser } = s));

  const say = async (socket: ClientSocket, roomId: string, body: string) => expectOk(await request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));

  it("shows a badge for another room's new messages, a divider on opening it, and clears the badge once read", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const quiet = expectOk(await request(mod, "room:create", { name: uniqueName("Quiet ") }));
    const busy = expectOk(await request(mod, "room:create", { name: uniqueName("Busy ") }));
    const ann = await server.createUser("member", "ann");
    const annSocket = await server.connect(await server.login(ann.user.username, ann.password));
    const { socket: ben } = await server.connectAs("member", "ben");
    for (const roomId of [quiet.id, busy.id]) expectOk(await request(annSocket, "room:join", { roomId }));
    expectOk(await request(ben, "room:join", { roomId: busy.id }));
    await say(ben, busy.id, "Already seen");
    expectOk(await request(annSocket, "room:read", { roomId: busy.id, seq: 1 }));
    annSocket.disconnect();
    await say(ben, busy.id, "First new one");
    await say(ben, busy.id, "Second new one");

    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, server.url, ann.user.username, ann.password);
    const busyButton = page.locator(`#room-list button[data-key='room:${busy.id}']`);
    const quietButton = page.locator(`#room-list button[data-key='room:${quiet.id}']`);
    await busyButton.locator(".badge").waitFor();
    expect(await busyButton.locator(".badge").innerText()).toContain("2");
    expect(await busyButton.locator(".badge").textContent()).toBe("2 unread");
    expect(await quietButton.locator(".badge").count()).toBe(0);

    // A message while the list is on screen counts up without reloading it.
    await say(ben, busy.id, "Third new one");
    await waitForTrue(page, `document.querySelector("#room-list button[data-key='room:${busy.id}'] .badge")?.textContent === "3 unread"`);
    expect(await page.evaluate(lowContrastText("#room-list"))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "room-unread-badge.png") });

    await busyButton.click();
    const divider = page.locator("#message-list .new-since");
    await divider.waitFor();
    expect(await divider.innerText()).toBe("New since your last visit");
    expect(await page.locator("#message-list li:has(.new-since)").getAttribute("data-seq")).toBe("2");
    expect(await page.evaluate(lowContrastText("#message-list"))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "room-unread-divider.png") });

    // Someone opening the room for the first time has no last visit: no line.
    const { user: newcomer, password } = await server.createUser("member", "new");
    const first = await openPage(browser);
    await signInThroughForm(first.page, server.url, newcomer.username, password);
    await first.page.locator(`#room-list button[data-key='room:${busy.id}']`).click();
    await first.page.locator("#message-list li[data-seq='4']").waitFor();
    await first.page.waitForTimeout(300);
    expect(await first.page.locator("#message-list .new-since").count()).toBe(0);

    // Reading moved the mark: back on the list, the badge is gone.
    await page.click("button.nav-item[data-view='sessions']");
    await busyButton.waitFor();
    await waitForTrue(page, `document.querySelector("#room-list button[data-key='room:${busy.id}']") !== null && document.querySelector("#room-list button[data-key='room:${busy.id}'] .badge") === null`);
    expect(errors).toEqual([]);
  });

  it("puts the divider above the first new message the reader can see, past a blocked person's", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: uniqueName("Blocked first ") }));
    const ann = await server.createUser("member", "ann");
    const annSocket = await server.connect(await server.login(ann.user.username, ann.password));
    const { socket: ben, user: benUser } = await server.connectAs("member", "ben");
    const { socket: cat } = await server.connectAs("member", "cat");
    for (const s of [annSocket, ben, cat]) expectOk(await request(s, "room:join", { roomId: room.id }));
    await say(cat, room.id, "Already seen");
    expectOk(await request(annSocket, "room:read", { roomId: room.id, seq: 1 }));
    expectOk(await request(annSocket, "block:set", { userId: benUser.id, blocked: true }));
    annSocket.disconnect();
    await say(ben, room.id, "From the blocked person");
    await say(cat, room.id, "New and visible");

    const { page, errors } = await openPage(browser);
    await signInThroughForm(page, server.url, ann.user.username, ann.password);
    const button = page.locator(`#room-list button[data-key='room:${room.id}']`);
    await button.locator(".badge").waitFor();
    expect(await button.locator(".badge").textContent()).toBe("1 unread");
    await button.click();
    await page.locator("#message-list .new-since").waitFor();
    expect(await page.locator("#message-list li:has(.new-since)").getAttribute("data-seq")).toBe("3");
    expect(errors).toEqual([]);
  });
});
