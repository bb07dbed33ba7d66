/**
 * A member and their assigned peer supporter talk privately in two browsers: the caseload with an
 * unread count, read receipts, the unread badge in the navigation, typing, and the away notice with
 * the crisis resources.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "private conversations in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("lets a member and their peer exchange messages, with unread counts, read receipts, typing and the away notice", async () => {
    const member = await server.createUser("member", "mia");
    const peer = await server.createUser("peer", "pat");
    const { token: modToken } = await server.connectAs("moderator");
    const assigned = await api<{ conversationId: string }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    expect(assigned.status).toBe(201);
    const startsAt = new Date(Date.now() + 2 * 60 * 60_000);
    const scheduled = await api(server.url, modToken, "POST", "/api/sessions", { title: "Pat's circle", startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), capacity: 8, facilitatorIds: [peer.user.id] });
    expect(scheduled.status).toBe(201);

    const m = await openPage(browser);
    await signInThroughForm(m.page, server.url, member.user.username, member.password);
    await m.page.click("button.nav-item[data-view='conversations']");
    // The only conversation opens by itself.
    await m.page.waitForSelector(`#thread-title:has-text('${peer.user.displayName}')`);
    // Before the first private message: who else may ever read it, until the member says they have read it.
    expect(await m.page.locator("#privacy-notice").innerText()).toContain("moderators are alerted and can read that message");
    await m.page.getByRole("button", { name: "Got it" }).click();
    expect(await m.page.locator("#privacy-notice").isHidden()).toBe(true);
    await m.page.fill("#composer", "Hi, is now a good time?");
    await m.page.press("#composer", "Enter");
    await m.page.locator("#message-list li[data-seq='1']").waitFor();
    expect(await m.page.locator("#message-list li[data-seq='1'] .receipt").count()).toBe(0);

    // The peer's caseload shows the member with one unread message.
    const p = await openPage(browser);
    await signInThroughForm(p.page, server.url, peer.user.username, peer.password);
    const entry = p.page.locator(`#caseload-list [data-member-id='${member.user.id}']`);
    await entry.locator(".badge:has-text('1')").waitFor();
    expect(await entry.innerText()).toContain("Last activity");
    // The sessions the peer facilitates are listed with their caseload.
    await p.page.locator("#facilitating-list li", { hasText: "Pat's circle" }).waitFor();
    await p.page.screenshot({ path: path.join(SCREENSHOTS, "caseload.png") });

    // Opening it reads it: the member sees "Seen" under their message.
    await entry.getByRole("button", { name: /Open conversation/ }).click();
    await p.page.locator("#message-list li[data-seq='1']:has-text('is now a good time')").waitFor();
    await m.page.locator("#message-list li[data-seq='1'] .receipt:has-text('Seen')").waitFor();

    // Typing shows on the other side; the reply arrives once.
    await p.page.fill("#composer", "Yes");
    await m.page.waitForSelector("#typing:has-text('is typing')");
    await p.page.fill("#composer", "Yes, I'm here. How are you doing?");
    await p.page.press("#composer", "Enter");
    await m.page.locator("#message-list li[data-seq='2']:has-text('How are you doing')").waitFor();
    expect(await m.page.locator("#message-list li").count()).toBe(2);
    // The member had the thread open, so it was read at once: the peer sees "Seen" too.
    await p.page.locator("#message-list li[data-seq='2'] .receipt:has-text('Seen')").waitFor();
    await m.page.screenshot({ path: path.join(SCREENSHOTS, "conversation.png") });

    // Away from the thread, a new message shows as an unread badge in the member's navigation.
    await m.page.click("button.nav-item[data-view='sessions']");
    await p.page.fill("#composer", "I'll check back tomorrow.");
    await p.page.press("#composer", "Enter");
    await m.page.locator("button.nav-item[data-view='conversations'] .badge:has-text('1')").waitFor();
    await m.page.click("button.nav-item[data-view='conversations']");
    await m.page.locator("#message-list li[data-seq='3']").waitFor();
    await m.page.locator("button.nav-item[data-view='conversations'] .badge").waitFor({ state: "detached" });

    // The peer goes away: the member is pointed to the crisis resources instead of waiting.
    await p.page.click("button.nav-item[data-view='caseload']");
    await p.page.fill("#away-message", "Back on Monday");
    await p.page.click("#set-away");
    await p.page.waitForSelector("#availability-status:has-text('away')");
    await m.page.waitForSelector("#away-notice:has-text('Back on Monday')");
    expect(await m.page.locator("#away-notice li").count()).toBeGreaterThan(0);
    await m.page.screenshot({ path: path.join(SCREENSHOTS, "conversation-away.png") });
    // In a new tab, which keeps nothing of the first, the peer's screen says what members see.
    const fresh = await openPage(browser);
    await signInThroughForm(fresh.page, server.url, peer.user.username, peer.password);
    await fresh.page.click("button.nav-item[data-view='caseload']");
    await fresh.page.waitForSelector("#availability-status:has-text('away')");
    expect(await fresh.page.locator("#set-away").getAttribute("aria-pressed")).toBe("true");
    expect(fresh.errors).toEqual([]);

    expect(m.errors).toEqual([]);
    expect(p.errors).toEqual([]);
  });
});
