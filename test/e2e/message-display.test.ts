/**
 * How messages read: a date above each day's messages ("Today", "Yesterday", a full date), the full
 * date and time on each message time, Arabic and Hebrew laid out right to left (dir="auto"), web
 * addresses as safe links with the words around them kept as text, and for private messages an
 * unread count in the tab title and, once allowed, a notification without the message's words.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm, waitForTrue } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const ARABIC = "مرحبا، كيف حالك اليوم؟";
const HEBREW = "שלום, מה שלומך?";
const DAY_MS = 24 * 60 * 60_000;
/** An element's laid-out direction; a string because the test project has no DOM types. */
const direction = (page: Page, selector: string) => page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).direction`);

describeWithService("chromium", "message display", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  /** A room with an Arabic, a Hebrew and a linked message, and a member about to read it. */
  async function roomWithMessages(): Promise<{ roomName: string; user: { username: string }; password: string }> {
    const { socket: mod } = await server.connectAs("moderator");
    const roomName = `Room ${crypto.randomUUID().slice(0, 6)}`;
    const room = expectOk(await request(mod, "room:create", { name: roomName, topic: HEBREW }));
    const { socket: writer } = await server.connectAs("member", "writer");
    expectOk(await request(writer, "room:join", { roomId: room.id }));
    for (const body of [ARABIC, HEBREW, "See https://example.org/help?x=1. Or javascript:alert(1) and <b>bold</b>"]) {
      expectOk(await request(writer, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body }));
    }
    const { user, password } = await server.createUser("member", "reader");
    return { roomName, user, password };
  }

  async function openRoom(page: Page, roomName: string): Promise<void> {
    await page.getByRole("button", { name: roomName }).click();
    await page.locator("#message-list li[data-seq='3']").waitFor();
  }

  it("shows dates, full times, right-to-left text and safe links in a room", async () => {
    const { roomName, user, password } = await roomWithMessages();
    const { page, errors } = await openPage(browser, { width: 360, height: 640 });
    await signInThroughForm(page, server.url, user.username, password);
    await openRoom(page, roomName);

    // One "Today" above the first message of the day, none above the others.
    expect(await page.locator("#message-list .day-separator").allInnerTexts()).toEqual(["Today"]);
    expect(await page.locator("#message-list li[data-seq='1'] .day-separator").count()).toBe(1);
    const time = page.locator("#message-list li[data-seq='1'] .meta time");
    expect(await time.getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await time.getAttribute("title")).toContain(String(new Date().getFullYear()));

    // Arabic and Hebrew are laid out right to left; the room's Hebrew topic too.
    for (const seq of ["1", "2"]) {
      const body = page.locator(`#message-list li[data-seq='${seq}'] .msg-body`);
      expect(await body.getAttribute("dir")).toBe("auto");
      expect(await direction(page, `#message-list li[data-seq='${seq}'] .msg-body`)).toBe("rtl");
    }
    expect(await direction(page, "#room-topic")).toBe("rtl");
    expect(await page.locator("#room-title").getAttribute("dir")).toBe("auto");
    expect(await page.locator("#message-list li[data-seq='1'] .meta .author").getAttribute("dir")).toBe("auto");

    // Only the http(s) address is a link; the rest, markup included, stays text.
    const third = page.locator("#message-list li[data-seq='3'] .msg-body");
    const links = await third.locator("a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href"), rel: a.getAttribute("rel"), target: a.getAttribute("target") })));
    expect(links).toEqual([{ text: "https://example.org/help?x=1", href: "https://example.org/help?x=1", rel: "noopener noreferrer", target: "_blank" }]);
    expect(await third.innerText()).toBe("See https://example.org/help?x=1. Or javascript:alert(1) and <b>bold</b>");
    expect(await third.locator("b").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "room-rtl-phone.png") });
    expect(errors).toEqual([]);
  });

  it("labels earlier days Yesterday or with their full date", async () => {
    const { roomName, user, password } = await roomWithMessages();
    const { page } = await openPage(browser);
    // The reader's clock is a day ahead: the messages were written yesterday.
    await page.clock.install({ time: new Date(Date.now() + DAY_MS) });
    await signInThroughForm(page, server.url, user.username, password);
    await openRoom(page, roomName);
    expect(await page.locator("#message-list .day-separator").allInnerTexts()).toEqual(["Yesterday"]);

    const later = await openPage(browser);
    await later.page.clock.install({ time: new Date(Date.now() + 3 * DAY_MS) });
    await signInThroughForm(later.page, server.url, user.username, password);
    await openRoom(later.page, roomName);
    const label = (await later.page.locator("#message-list .day-separator").allInnerTexts())[0] ?? "";
    expect(label).toContain(String(new Date().getFullYear()));
    expect(label).not.toMatch(/Today|Yesterday/);
  });

  it("counts unread private messages in the title and notifies, without the words, only once allowed", async () => {
    const member = await server.createUser("member", "mina");
    const { socket: peer, user: peerUser } = await server.connectAs("peer", "pia");
    const { token: modToken } = await server.connectAs("moderator");
    const assigned = await api<{ conversationId: string }>(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peerUser.id });
    const conversationId = assigned.body.conversationId;
    const context = await browser.newContext();
    const page = await context.newPage();
    // Records notifications instead of showing them, and lets the test hide the tab.
    // A string, as the test project has no DOM types (see support/contrast.ts).
    await page.addInitScript(`
      window.shown = [];
      let permission = "default";
      class FakeNotification {
        static get permission() { return permission; }
        static requestPermission() { permission = "granted"; return Promise.resolve(permission); }
        constructor(title, opts) { window.shown.push({ title, body: opts.body }); }
      }
      Object.defineProperty(window, "Notification", { value: FakeNotification });
      Object.defineProperty(document, "hidden", { get: () => window.tabHidden === true });
    `);
    await signInThroughForm(page, server.url, member.user.username, member.password);
    expect(await page.title()).toBe("Haven");
    expectOk(await request(peer, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body: "first private words" }));
    await waitForTrue(page, "document.title === '(1) Haven'");
    await page.evaluate("window.tabHidden = true");
    expectOk(await request(peer, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body: "second private words" }));
    await waitForTrue(page, "document.title === '(2) Haven'");
    // Not allowed yet: nothing shown, and nothing was asked on load.
    expect(await page.evaluate("window.shown.length")).toBe(0);

    await page.evaluate("window.tabHidden = false");
    await page.click("button.nav-item[data-view='conversations']");
    await page.click("#notify-toggle");
    await page.locator("text=You will be notified").waitFor();
    await waitForTrue(page, "document.title === 'Haven'");
    await page.click("button.nav-item[data-view='account']");
    await page.evaluate("window.tabHidden = true");
    expectOk(await request(peer, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body: "third private words" }));
    await waitForTrue(page, "window.shown.length === 1");
    expect(await page.evaluate("window.shown")).toEqual([{ title: "Haven", body: "New private message" }]);
    await context.close();
  });
});
