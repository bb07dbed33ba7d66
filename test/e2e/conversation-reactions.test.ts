/** Reactions in a private conversation in the browser: set by keyboard, live from the other side, kept across a reload. */
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "reactions in a private conversation in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("lets a member react to their peer's message, shows the peer's reaction as it comes, and keeps both", async () => {
    const member = await server.createUser("member", "mo");
    const peer = await server.connectAs("peer", "pia");
    const { token: modToken } = await server.connectAs("moderator");
    const assigned = await api<{ conversationId: string; assignment: { id: string } }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const conversationId = assigned.body.conversationId;
    const mine = expectOk(await request(peer.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: "You did really well today" }));

    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, server.url, member.user.username, member.password);
    await page.click("button.nav-item[data-view='conversations']");
    const item = page.locator("#message-list li[data-seq='1']");
    await item.waitFor();

    // By keyboard: focus the button and press Enter.
    await item.locator("button.reaction[data-emoji='🙏']").focus();
    await page.keyboard.press("Enter");
    await item.locator("button.reaction[data-emoji='🙏'][aria-pressed='true']:has-text('1')").waitFor();
    expect((await server.store.reactions.tallies([mine.id], member.user.id)).get(mine.id)).toEqual([{ emoji: "🙏", count: 1, mine: true }]);

    // The peer's reaction arrives live, not marked as the member's own.
    expectOk(await request(peer.socket, "conversation:reaction_set", { conversationId, messageId: mine.id, emoji: "❤️", on: true }));
    await item.locator("button.reaction[data-emoji='❤️'][aria-pressed='false']:has-text('1')").waitFor();
    // Fits a phone: the bar does not push the page wider than the screen.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "conversation-reactions.png") });

    // From conversation:history after a reload, then taken back.
    await page.reload();
    await item.locator("button.reaction[data-emoji='🙏'][aria-pressed='true']:has-text('1')").waitFor();
    await item.locator("button.reaction[data-emoji='🙏']").click();
    await item.locator("button.reaction[data-emoji='🙏'][aria-pressed='false']").waitFor();
    expect((await server.store.reactions.tallies([mine.id], member.user.id)).get(mine.id)).toEqual([{ emoji: "❤️", count: 1, mine: false }]);

    // Once the assignment ends the tallies stay readable but cannot change.
    expect((await api(server.url, modToken, "POST", `/api/assignments/${assigned.body.assignment.id}/end`)).status).toBeLessThan(300);
    await page.reload();
    await item.locator("button.reaction[data-emoji='❤️'][disabled]:has-text('1')").waitFor();
    expect(await item.locator("button.reaction:not([disabled])").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
