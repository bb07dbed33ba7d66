/**
 * Flags and peer supporters in real browsers: the member's peer sees that a moderator was alerted
 * (and nothing of what), a moderator messages the flag's author privately from the flag, and the
 * member sees the check-in as from the moderation team, told that every moderator can read it.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const CRISIS = "I am going to kill myself tonight";

describeWithService("chromium", "check-ins and flag notices in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("shows the peer an alert mark without details, and the member a check-in from the moderation team", async () => {
    const member = await server.createUser("member", "cora");
    const peer = await server.createUser("peer", "pia");
    const mod = await server.createUser("moderator", "max");
    const modToken = await server.login(mod.user.username, mod.password);
    const assigned = await api<{ conversationId: string }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    expect(assigned.status).toBe(201);

    // The peer is on their caseload when the member's message raises a flag.
    const p = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(p.page, server.url, peer.user.username, peer.password);
    const card = p.page.locator(`#caseload-list [data-member-id='${member.user.id}']`);
    await card.waitFor();
    expect(await card.locator(".moderator-alerted").isHidden()).toBe(true);
    const memberSock = await server.connect(await server.login(member.user.username, member.password));
    expectOk(await request(memberSock, "conversation:send", { conversationId: assigned.body.conversationId, clientMsgId: randomUUID(), body: CRISIS }));
    memberSock.disconnect();
    await card.locator(".moderator-alerted:has-text('A moderator has been alerted')").waitFor();
    // Nothing of what was flagged reaches the caseload: not the words, not the tier.
    const caseloadText = await p.page.locator("#caseload-list").innerText();
    expect(caseloadText).not.toContain("kill");
    expect(caseloadText.toLowerCase()).not.toContain("imminent");
    expect(await p.page.evaluate<string[]>(lowContrastText("#caseload-list"))).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: path.join(SCREENSHOTS, "caseload-moderator-alerted.png") });

    // The moderator opens the flag and messages the member privately from it.
    const m = await openPage(browser);
    await signInThroughForm(m.page, server.url, mod.user.username, mod.password);
    const row = m.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await row.waitFor();
    await row.locator("button.flag-open").click();
    await m.page.click("#flag-private-confirm");
    await m.page.getByRole("button", { name: `Message ${member.user.displayName} privately` }).click();
    await m.page.locator("#thread-title", { hasText: member.user.displayName }).waitFor();
    expect(await m.page.locator("#checkin-notice").innerText()).toContain("sees your messages as from the moderation team");
    await m.page.fill("#composer", "Hi Cora, we saw your message. Are you safe right now?");
    await m.page.press("#composer", "Enter");
    await m.page.locator("#message-list li[data-seq='1']").waitFor();

    // The member sees the check-in from the moderation team, never the moderator's name.
    const c = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(c.page, server.url, member.user.username, member.password);
    await c.page.click("button.nav-item[data-view='conversations']");
    await c.page.locator("#conversation-list button", { hasText: "Moderation team" }).click();
    await c.page.locator("#thread-title", { hasText: "Moderation team" }).waitFor();
    const message = c.page.locator("#message-list li[data-seq='1']");
    await message.waitFor();
    expect(await message.innerText()).toContain("Moderation team");
    expect(await c.page.locator("#thread-pane, .thread-pane").innerText()).not.toContain(mod.user.displayName);
    expect(await c.page.locator("#checkin-notice").innerText()).toContain("Every moderator can read and answer it");
    expect(await c.page.evaluate<string[]>(lowContrastText(".thread-pane"))).toEqual([]);
    await c.page.screenshot({ path: path.join(SCREENSHOTS, "checkin-member.png") });

    // The member answers; the moderator sees it arrive live.
    await c.page.fill("#composer", "Thank you. I'm home and my sister is here.");
    await c.page.press("#composer", "Enter");
    await m.page.locator("#message-list li[data-seq='2']", { hasText: "my sister is here" }).waitFor();
    await m.page.screenshot({ path: path.join(SCREENSHOTS, "checkin-moderator.png") });
    // Away from the thread, the member's next message shows as unread in the moderator's navigation.
    await m.page.click("button.nav-item[data-view='flags']");
    await c.page.fill("#composer", "Thanks for checking.");
    await c.page.press("#composer", "Enter");
    await m.page.locator("button.nav-item[data-view='conversations'] .badge:has-text('1')").waitFor();

    // Resolving the flag lifts the peer's mark.
    const flag = (await server.store.flags.listUnresolved()).find((f) => f.authorId === member.user.id)!;
    const modSock = await server.connect(modToken);
    expectOk(await request(modSock, "flag:resolve", { flagId: flag.id, outcome: "contacted" }));
    await card.locator(".moderator-alerted").waitFor({ state: "hidden" });

    // The peer asks a moderator from their conversation, by keyboard, with a note for moderators.
    await card.getByRole("button", { name: /Open conversation/ }).click();
    await p.page.locator("#thread-title", { hasText: member.user.displayName }).waitFor();
    await p.page.locator("#ask-moderator").focus();
    await p.page.keyboard.press("Enter");
    await p.page.keyboard.type("She mentioned her sister is leaving tomorrow");
    await p.page.keyboard.press("Tab");
    await p.page.keyboard.press("Enter");
    await p.page.locator("#ask-moderator-status", { hasText: "A moderator has been asked" }).waitFor();
    await m.page.click("button.nav-item[data-view='flags']");
    await m.page.locator("#flag-list li.flag", { hasText: "peer supporter asked a moderator" }).waitFor();
    expect([...p.errors, ...m.errors, ...c.errors]).toEqual([]);
  });

  it("tells a peer with the conversation open that a moderator was alerted about their member, and nothing more", async () => {
    const member = await server.createUser("member", "remy");
    const peer = await server.createUser("peer", "sol");
    const modToken = (await server.connectAs("moderator")).token;
    const assigned = await api<{ conversationId: string }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    expect(assigned.status).toBe(201);
    const p = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(p.page, server.url, peer.user.username, peer.password);
    await p.page.click("button.nav-item[data-view='conversations']");
    await p.page.locator("#thread-title", { hasText: member.user.displayName }).waitFor();
    expect(await p.page.locator("#flag-notice").isHidden()).toBe(true);
    const memberSock = await server.connect(await server.login(member.user.username, member.password));
    expectOk(await request(memberSock, "conversation:send", { conversationId: assigned.body.conversationId, clientMsgId: randomUUID(), body: CRISIS }));
    memberSock.disconnect();
    const notice = p.page.locator("#flag-notice");
    await notice.waitFor();
    expect(await notice.innerText()).toBe(`A moderator has been alerted about ${member.user.displayName}.`);
    expect(p.errors).toEqual([]);
  });
});
