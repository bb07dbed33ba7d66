/**
 * Safety controls on a 360 px phone: Quick exit and Get help stay inside the viewport with the
 * message box focused and after scrolling, in a room and in a private conversation, with touch
 * targets of at least 44 px; the help panel closes by its button and by Esc, giving focus back, and
 * its support lines are tel:/sms:/https: links (never javascript:).
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const PHONE = { width: 360, height: 640 };
const RESOURCES = [
  { name: "Samaritans", contact: "116 123", description: "Any time, day or night." },
  { name: "Shout", contact: "Text SHOUT to 85258" },
  { name: "Find a helpline", contact: "https://findahelpline.com" },
  { name: "Not a link", contact: "javascript:alert(1)" },
];

/** Both safety controls' boxes, and whether each lies wholly inside the viewport. */
async function controlsInView(page: Page): Promise<{ id: string; inside: boolean; width: number; height: number }[]> {
  const out = [];
  for (const id of ["quick-exit", "help-now"]) {
    const box = await page.locator(`#${id}`).boundingBox();
    if (!box) throw new Error(`#${id} is not shown`);
    const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height;
    out.push({ id, inside, width: box.width, height: box.height });
  }
  return out;
}

async function expectControlsReachable(page: Page): Promise<void> {
  for (const c of await controlsInView(page)) {
    expect(c).toMatchObject({ id: c.id, inside: true });
    expect(c.width).toBeGreaterThanOrEqual(44);
    expect(c.height).toBeGreaterThanOrEqual(44);
  }
}

/** Scrolls the page as a touch keyboard and a long list would, then the list to its oldest message. */
async function scrollEverything(page: Page): Promise<void> {
  await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
  await expectControlsReachable(page);
  await page.evaluate("document.getElementById('message-list').scrollTop = 0");
  await page.evaluate("document.getElementById('composer').scrollIntoView({ block: 'end' })");
  await expectControlsReachable(page);
}

describeWithService("chromium", "safety controls on a phone", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite({ env: { CRISIS_RESOURCES: JSON.stringify(RESOURCES), MESSAGE_RATE_LIMIT: "200", EVENT_SOCKET_BURST: "200" } }, (s) => ({ server, browser } = s));

  it("keeps Quick exit and Get help on screen while typing in a room, also after scrolling", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Phone room", topic: "Evenings" }));
    const { socket: writer } = await server.connectAs("member", "talker");
    expectOk(await request(writer, "room:join", { roomId: room.id }));
    for (let i = 1; i <= 30; i++) expectOk(await request(writer, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: `line ${i} of a long evening` }));
    const { user, password } = await server.createUser("member", "phone");
    const { page, errors } = await openPage(browser, PHONE);
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: "Phone room" }).click();
    await page.locator("#message-list li[data-seq='30']").waitFor();
    await page.focus("#composer");
    await page.keyboard.type("I am typing");
    await expectControlsReachable(page);
    await scrollEverything(page);
    expect(await page.evaluate("document.activeElement.id")).toBe("composer");
    expect(await page.evaluate(lowContrastText(".topbar"))).toEqual([]);
    expect(await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")).toBe(false);
    // Scrolled down to the focused message box: the bar is still at the top.
    await page.screenshot({ path: path.join(SCREENSHOTS, "room-phone-typing.png") });
    expect(errors).toEqual([]);
  });

  it("opens the support offered after a crisis message where the person can see it, at the foot of a long room", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Late room" }));
    const { socket: writer } = await server.connectAs("member", "chatty");
    expectOk(await request(writer, "room:join", { roomId: room.id }));
    for (let i = 1; i <= 30; i++) expectOk(await request(writer, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: `line ${i} of the night` }));
    const { user, password } = await server.createUser("member", "reaching");
    const { page, errors } = await openPage(browser, PHONE);
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: "Late room" }).click();
    await page.locator("#message-list li[data-seq='30']").waitFor();
    await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
    await page.fill("#composer", "I want to end my life tonight");
    await page.press("#composer", "Enter");
    await page.locator("#help-panel").waitFor({ state: "visible" });
    const box = (await page.locator("#help-title").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await expectControlsReachable(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "support-offered-phone.png") });
    expect(errors).toEqual([]);
  });

  it("keeps them on screen while typing in a private conversation, also after scrolling", async () => {
    const member = await server.createUser("member", "quiet");
    const { socket: peer, user: peerUser } = await server.connectAs("peer", "steady");
    const { token: modToken } = await server.connectAs("moderator");
    const assigned = await api<{ conversationId: string }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peerUser.id });
    expect(assigned.status).toBe(201);
    const conversationId = assigned.body.conversationId;
    for (let i = 1; i <= 25; i++) expectOk(await request(peer, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body: `checking in, part ${i}` }));
    const { page, errors } = await openPage(browser, PHONE);
    await signInThroughForm(page, server.url, member.user.username, member.password);
    await page.click("button.nav-item[data-view='conversations']");
    await page.locator("#message-list li[data-seq='25']").waitFor();
    // A conversation's messages carry their day and full times as a room's do.
    expect(await page.locator("#message-list .day-separator").allInnerTexts()).toEqual(["Today"]);
    expect(await page.locator("#message-list li[data-seq='25'] time").getAttribute("title")).toContain(String(new Date().getFullYear()));
    expect(await page.locator("#message-list li[data-seq='25'] .msg-body").getAttribute("dir")).toBe("auto");
    const gotIt = page.getByRole("button", { name: "Got it" });
    if (await gotIt.isVisible()) await gotIt.click();
    await page.focus("#composer");
    await page.keyboard.type("Thanks");
    await expectControlsReachable(page);
    await scrollEverything(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "conversation-phone.png") });
    expect(errors).toEqual([]);
  });

  it("closes the help panel by its button and by Esc, returning focus, with real contact links", async () => {
    const { user, password } = await server.createUser("member", "helped");
    const { page } = await openPage(browser, PHONE);
    await signInThroughForm(page, server.url, user.username, password);
    await page.click("#help-now");
    await page.locator("#help-resources a").first().waitFor();
    const links = await page.locator("#help-resources a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href"), rel: a.getAttribute("rel") })));
    expect(links).toEqual([
      { text: "116 123", href: "tel:116123", rel: null },
      { text: "Text SHOUT to 85258", href: "sms:85258", rel: null },
      { text: "https://findahelpline.com", href: "https://findahelpline.com/", rel: "noopener noreferrer" },
    ]);
    // A contact that is not a tel/sms/https address stays words.
    expect(await page.locator("#help-resources li", { hasText: "javascript:" }).locator("a").count()).toBe(0);
    expect(await page.evaluate(lowContrastText("#help-panel"))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "help-panel-phone.png") });

    await page.click("#help-close");
    expect(await page.locator("#help-panel").isHidden()).toBe(true);
    expect(await page.evaluate("document.activeElement.id")).toBe("help-now");
    expect(await page.getAttribute("#help-now", "aria-expanded")).toBe("false");

    await page.click("#help-now");
    expect(await page.locator("#help-panel").isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    expect(await page.locator("#help-panel").isHidden()).toBe(true);
    expect(await page.evaluate("document.activeElement.id")).toBe("help-now");
    // One Esc closed the panel; the person is still here.
    await page.waitForTimeout(1100);
    expect(page.url().startsWith(server.url)).toBe(true);
  });
});
