/** Reactions in the browser: a toggle per emoji with its count, live from others, kept across a reload. */
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "reactions in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("sets, shows and takes back a reaction, and shows others' as they come", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Kind room" }));
    const other = await server.connectAs("member", "sharer");
    expectOk(await request(other.socket, "room:join", { roomId: room.id }));
    const message = expectOk(await request(other.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "Made it through today" }));

    const { user, password } = await server.createUser("member", "listener");
    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: "Kind room" }).click();
    const item = page.locator("#message-list li[data-seq='1']");
    await item.waitFor();

    const hug = item.locator("button.reaction[data-emoji='🤗']");
    await hug.focus();
    await page.keyboard.press("Enter");
    await item.locator("button.reaction[data-emoji='🤗'][aria-pressed='true']:has-text('1')").waitFor();

    // Someone else's reaction arrives live, not marked as the reader's own.
    expectOk(await request(other.socket, "reaction:set", { roomId: room.id, messageId: message.id, emoji: "❤️", on: true }));
    await item.locator("button.reaction[data-emoji='❤️'][aria-pressed='false']:has-text('1')").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "reactions.png") });

    // From history after a reload, then taken back.
    await page.reload();
    await item.locator("button.reaction[data-emoji='🤗'][aria-pressed='true']:has-text('1')").waitFor();
    await item.locator("button.reaction[data-emoji='🤗']").click();
    await item.locator("button.reaction[data-emoji='🤗'][aria-pressed='false']").waitFor();
    expect(await item.locator("button.reaction[data-emoji='🤗']").innerText()).toBe("🤗");
    expect((await server.store.reactions.tallies([message.id], user.id)).get(message.id)).toEqual([{ emoji: "❤️", count: 1, mine: false }]);
    expect(errors).toEqual([]);
  });
});
