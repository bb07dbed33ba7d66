/**
 * The moderators' side in a real browser: the crisis scenario from end to end (a live alert on the
 * dashboard, the support lines for the author, nothing for anyone else), claim and resolve seen live
 * on a second moderator's dashboard, the frozen context, and the notice before a private
 * conversation's context is opened.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { User } from "../../shared/dto";
import { api } from "../support/api";
import { buildClient, launchBrowser, showFlagDashboard } from "../support/browser";
import { manualClock } from "../support/clock";
import { lowContrastText } from "../support/contrast";
import { startReceiver } from "../support/receiver";
import { collect, expectOk, request, settle, startTestServer, waitForEvent, type ClientSocket, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const SHOTS = path.resolve(__dirname, "../../test-results/screenshots");
// Phrases the detector flags (see docs/crisis-detection.md); written for these tests.
const CRISIS = "I keep thinking about killing myself";
const HARMLESS = "Thanks everyone, see you next week";
const HIGH = "I want to kill myself";
const IMMINENT = "I am going to kill myself tonight";
const ELEVATED = "I wish I was dead, nothing helps";

interface SignedIn {
  page: Page;
  user: User;
  token: string;
  errors: string[];
  /** Every socket.io frame the page received, to prove what never reached it. */
  frames: string[];
}

describeWithService("chromium", "the moderator dashboard in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    buildClient();
    server = await startTestServer();
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(role: "member" | "moderator" | "admin", name: string, width = 1000, srv = server): Promise<SignedIn> {
    const { user, password } = await srv.createUser(role, name);
    const page = await browser.newPage({ viewport: { width, height: 700 } });
    const errors: string[] = [];
    const frames: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("websocket", (ws) => ws.on("framereceived", (f) => frames.push(String(f.payload))));
    await page.goto(srv.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.waitForSelector("#connection-status.connected");
    return { page, user, token: await srv.login(user.username, password), errors, frames };
  }

  /** A moderator's browser on the dashboard, with its first load done. */
  async function dashboard(name: string, role: "moderator" | "admin" = "moderator", srv = server): Promise<SignedIn> {
    const mod = await signIn(role, name, 1000, srv);
    await showFlagDashboard(mod.page);
    return mod;
  }

  async function roomWith(name: string, srv = server): Promise<{ roomId: string }> {
    const { socket: staff } = await srv.connectAs("moderator", "roomowner");
    const room = expectOk(await request(staff, "room:create", { name }));
    return { roomId: room.id };
  }

  /** A member's own socket (their other tab), sending where the page is not what is under test. */
  async function memberSocket(m: SignedIn, roomId: string, srv = server): Promise<ClientSocket> {
    const socket = await srv.connect(m.token);
    expectOk(await request(socket, "room:join", { roomId }));
    return socket;
  }

  /** Opens a room from the Sessions screen, shown afresh so it lists a room made since sign-in. */
  async function enterRoom(m: SignedIn, roomName: string): Promise<void> {
    await m.page.click("button.nav-item[data-view='sessions']");
    await m.page.getByRole("button", { name: roomName, exact: true }).click();
    await m.page.locator("#composer").waitFor();
  }

  async function sendInBrowser(m: SignedIn, roomName: string, body: string): Promise<void> {
    await enterRoom(m, roomName);
    await m.page.fill("#composer", body);
    await m.page.press("#composer", "Enter");
  }

  it("raises a live alert on a moderator's dashboard and offers the author support, while a third participant sees nothing of it", async () => {
    const mod = await dashboard("watcher");
    const author = await signIn("member", "author");
    const third = await signIn("member", "third");
    const roomName = "Evening circle";
    const { roomId } = await roomWith(roomName);
    const thirdSocket = await memberSocket(third, roomId);
    const delivered = waitForEvent(thirdSocket, "message:created", (m) => m.body === CRISIS);
    // The third participant is in the room in the browser too, and sees the message itself.
    await enterRoom(third, roomName);

    await sendInBrowser(author, roomName, CRISIS);
    await delivered;

    // The moderator: a row, the visual alert, the assertive announcement, the room's count.
    const row = mod.page.locator("#flag-list li.flag").first();
    await row.waitFor();
    expect(await row.locator(".flag-title").innerText()).toContain(`Room: ${roomName}`);
    expect(await row.innerText()).toContain(author.user.displayName);
    expect(await row.locator(".flag-status").innerText()).toContain("nobody has claimed it");
    expect(await mod.page.locator("#flag-alert").isVisible()).toBe(true);
    expect(await mod.page.locator("#flag-alert").innerText()).toContain("New flag");
    // Signing in was a gesture, so the browser lets the tone play.
    expect(await mod.page.locator("#flag-alert").getAttribute("data-sound")).toBe("played");
    await mod.page.locator("#alerter", { hasText: author.user.displayName }).waitFor({ state: "attached" });
    expect(await mod.page.locator(`#flag-places li[data-place-id='${roomId}']`).innerText()).toContain("1 open");
    expect(await mod.page.getByRole("button", { name: `Watch Room: ${roomName}` }).count()).toBe(1);
    // The words are shown, the rest of the message is not.
    const severity = await row.getAttribute("data-severity");
    expect(["elevated", "high", "imminent"]).toContain(severity);
    expect(await row.locator(".severity").innerText()).toMatch(/Elevated|High|Imminent/);
    await mod.page.screenshot({ path: path.join(SHOTS, "moderator-alert.png"), animations: "disabled" });

    // The author: the support lines, in the help panel, in place.
    await author.page.locator("#help-panel").waitFor({ state: "visible" });
    expect(await author.page.locator("#help-message").innerText()).toContain("You don't have to go through this alone");
    expect(await author.page.locator("#help-resources li").count()).toBeGreaterThan(0);

    // The third participant: the message, and nothing else.
    await third.page.locator("#message-list li", { hasText: CRISIS }).waitFor();
    await settle(300);
    expect(await third.page.locator("#help-panel").isHidden()).toBe(true);
    const text = await third.page.locator("body").innerText();
    expect(text).not.toMatch(/crisis flag|New flag|Get help now\s*If you are in danger/i);
    expect(await third.page.locator("#flags-view, #flag-list, #flag-alert").count()).toBe(0);
    expect(await third.page.locator("button.nav-item[data-view='flags']").count()).toBe(0);
    expect(third.frames.some((f) => f.includes("flag:") || f.includes("support:offered"))).toBe(false);
    expect(third.frames.some((f) => f.includes("message:created"))).toBe(true);
    // And the moderator's page did get the flag over its socket.
    expect(mod.frames.some((f) => f.includes("flag:raised"))).toBe(true);
    for (const p of [mod, author, third]) expect(p.errors).toEqual([]);
  });

  it("claims, shows the context and resolves with notes, and a second moderator sees each step live", async () => {
    const a = await dashboard("ada");
    const b = await dashboard("bo");
    const member = await signIn("member", "eve");
    const { roomId } = await roomWith("Claims room");
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: HARMLESS, clientMsgId: randomUUID() }));
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));

    const rowA = a.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    const rowB = b.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await rowA.waitFor();
    await rowB.waitFor();
    const flagId = (await rowA.getAttribute("data-flag-id"))!;

    // Claim with the keyboard.
    await rowA.locator("button.flag-claim").focus();
    await a.page.keyboard.press("Enter");
    await rowA.locator(".flag-status", { hasText: "Claimed by you" }).waitFor();
    await rowB.locator(".flag-status", { hasText: `Claimed by ${a.user.displayName}` }).waitFor();
    expect(await rowB.locator("button.flag-claim").isHidden()).toBe(true);

    // A screen that missed the update: the conflict says who has the flag.
    await rowB.locator("button.flag-claim").evaluate((el) => el.removeAttribute("hidden"));
    await rowB.locator("button.flag-claim").click();
    await rowB.locator(".flag-error", { hasText: a.user.displayName }).waitFor();

    // The frozen context, with the flagged message marked.
    await rowA.locator("button.flag-open").click();
    const context = a.page.locator("#flag-context");
    await context.waitFor();
    expect(await context.locator("li").count()).toBe(2);
    expect(await context.locator("li.flagged").innerText()).toContain(CRISIS);
    expect(await context.locator("li:not(.flagged)").innerText()).toContain(HARMLESS);
    expect(await a.page.evaluate<string[]>(lowContrastText("#flag-detail"))).toEqual([]);
    await a.page.screenshot({ path: path.join(SHOTS, "flag-context.png"), animations: "disabled" });
    await a.page.click("#flag-detail-close");
    expect(await a.page.locator("#flag-detail").isHidden()).toBe(true);

    // B is on the row when A resolves it: the keyboard focus must land somewhere, not on the page body.
    await rowB.locator("button.flag-open").focus();

    // Resolve with an outcome and notes.
    await rowA.locator(".flag-resolve summary").click();
    await rowA.locator("select.flag-outcome").selectOption("contacted");
    await rowA.locator("textarea.flag-notes").fill("Spoke with them; they are safe with family tonight.");
    await rowA.locator("button.flag-resolve-submit").click();

    await a.page.locator(`#flags-resolved li[data-flag-id='${flagId}']`).waitFor();
    const seenByB = b.page.locator(`#flags-resolved li[data-flag-id='${flagId}']`);
    await seenByB.waitFor();
    expect(await seenByB.innerText()).toContain(`Resolved by ${a.user.displayName}: Contacted the person`);
    expect(await b.page.locator(`#flag-list li[data-flag-id='${flagId}']`).count()).toBe(0);
    expect(await b.page.evaluate<string>("document.activeElement && document.activeElement.id")).toBe("flags-title");
    expect(await a.page.locator(`#flag-list li[data-flag-id='${flagId}']`).count()).toBe(0);

    const stored = await server.store.flags.findById(flagId);
    expect(stored).toMatchObject({ status: "resolved", outcome: "contacted", resolvedBy: a.user.id, notes: "Spoke with them; they are safe with family tonight." });
    for (const p of [a, b]) expect(p.errors).toEqual([]);
  });

  it("says a private conversation's opening is recorded before it opens it, and records it only once confirmed", async () => {
    const mod = await dashboard("dm-mod");
    const { user: peer } = await server.createUser("peer", "peer");
    const { user: memberUser, password: mp } = await server.createUser("member", "dm-member");
    const memberToken = await server.login(memberUser.username, mp);
    const assigned = await api<{ conversationId: string }>(server.url, mod.token, "POST", "/api/assignments", { memberId: memberUser.id, peerId: peer.id });
    expect(assigned.status).toBe(201);
    const memberSock = await server.connect(memberToken);
    expectOk(await request(memberSock, "conversation:send", { conversationId: assigned.body.conversationId, body: CRISIS, clientMsgId: randomUUID() }));

    const row = mod.page.locator("#flag-list li.flag", { hasText: memberUser.displayName });
    await row.waitFor();
    expect(await row.locator(".flag-title").innerText()).toContain("A private conversation");
    expect(await row.locator("button.flag-watch").count()).toBe(0);
    const place = mod.page.locator(`#flag-places li[data-place-id='${assigned.body.conversationId}']`);
    expect(await place.innerText()).toContain(`A private conversation (${memberUser.displayName}): 1 open`);
    expect(await place.locator("button").count()).toBe(0);
    const flagViews = async () => (await server.store.audit.query({ action: "flag.view", userId: mod.user.id, limit: 10 })).length;

    await row.locator("button.flag-open").click();
    await mod.page.locator("#flag-private-notice").waitFor();
    expect(await mod.page.locator("#flag-private-notice").innerText()).toContain("recorded in the audit log");
    await mod.page.screenshot({ path: path.join(SHOTS, "flag-private-notice.png"), animations: "disabled" });
    expect(await mod.page.locator("#flag-context").count()).toBe(0);
    expect(await flagViews()).toBe(0);

    await mod.page.click("#flag-private-confirm");
    await mod.page.locator("#flag-context li.flagged", { hasText: CRISIS }).waitFor();
    expect(await flagViews()).toBe(1);
    expect(mod.errors).toEqual([]);
  });

  it.each([
    ["suspended until a gesture", "class extends AudioContext { constructor() { super(); Object.defineProperty(this, 'state', { value: 'suspended' }); } resume() { return Promise.reject(new Error('not allowed')); } }"],
    ["refused outright", "class { constructor() { throw new Error('NotAllowedError'); } }"],
  ])("alerts visually without throwing when audio is %s", async (audioCase, ctor) => {
    const { user, password } = await server.createUser("moderator", "quiet");
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.addInitScript(`window.AudioContext = ${ctor};`);
    await page.goto(server.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.waitForSelector("#flags-view #flag-places li");
    const member = await signIn("member", "quiet-member");
    // Room names are unique: one per case.
    const { roomId } = await roomWith(`Quiet room (${audioCase})`);
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    await page.locator("#flag-alert", { hasText: member.user.displayName }).waitFor();
    expect(await page.locator("#flag-alert").getAttribute("data-sound")).toBe("blocked");
    await page.locator("#flag-list li.flag", { hasText: member.user.displayName }).waitFor();
    // Turning the sound off (a gesture) must not throw either, and it stays off across screens.
    await page.click("#flag-sound");
    expect(await page.locator("#flag-sound").getAttribute("aria-pressed")).toBe("false");
    await page.click("button.nav-item[data-view='sessions']");
    await page.click("button.nav-item[data-view='flags']");
    await page.locator("#flag-sound", { hasText: "Sound alerts: off" }).waitFor();
    expect(await page.locator("#flag-sound").getAttribute("aria-pressed")).toBe("false");
    const { socket: again, user: second } = await server.connectAs("member", "quiet-second");
    expectOk(await request(again, "room:join", { roomId }));
    expectOk(await request(again, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    await page.locator("#flag-alert", { hasText: second.displayName }).waitFor();
    expect(await page.locator("#flag-alert").getAttribute("data-sound")).toBe("off");
    await page.click("#flag-sound");
    expect(await page.locator("#flag-sound").getAttribute("aria-pressed")).toBe("true");
    expect(errors).toEqual([]);
  });

  it("keeps the dashboard usable at 360 px: every control reachable, nothing wider than the screen", async () => {
    const mod = await signIn("moderator", "narrow", 360);
    if (!(await mod.page.locator("#flags-view").isVisible())) await mod.page.click("button.nav-item[data-view='flags']");
    const member = await signIn("member", "narrow-member");
    const { roomId } = await roomWith("Narrow room");
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    const row = mod.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await row.waitFor();
    const overflow = await mod.page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    for (const sel of ["button.flag-claim", "button.flag-open", "button.flag-watch", ".flag-resolve summary"]) {
      const box = await row.locator(sel).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    }
    await mod.page.screenshot({ path: path.join(SHOTS, "moderator-dashboard-phone.png"), animations: "disabled" });
  });

  it("keeps each flag's age current as time passes", async () => {
    const { user, password } = await server.createUser("moderator", "ager");
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.clock.install();
    await page.goto(server.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.waitForSelector("#flags-view #flag-places li");
    const member = await signIn("member", "aged");
    const { roomId } = await roomWith("Aging room");
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    const age = page.locator("#flag-list li.flag", { hasText: member.user.displayName }).locator("time.flag-age").first();
    await age.waitFor();
    expect(await age.innerText()).toBe("under a minute");
    // The wall clock jumps without firing timers (a long jump would time the socket out and reload
    // the list); then only the refresh timer's period runs.
    await page.clock.setSystemTime(Date.now() + 7 * 60_000 + 5_000);
    await page.clock.runFor(16_000);
    await page.locator("#flag-list li.flag", { hasText: member.user.displayName }).locator("time.flag-age", { hasText: "7 min" }).first().waitFor();
  });

  it("alerts again when a flag rises a level, and resolves a flag with the keyboard alone", async () => {
    const mod = await dashboard("keys");
    const member = await signIn("member", "burst");
    const { roomId } = await roomWith("Burst room");
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: ELEVATED, clientMsgId: randomUUID() }));
    const row = mod.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await row.waitFor();
    const flagId = (await row.getAttribute("data-flag-id"))!;
    expect(await row.getAttribute("data-severity")).toBe("elevated");
    await mod.page.click("#flag-alert button.secondary");
    expect(await mod.page.locator("#flag-alert").isHidden()).toBe(true);

    // A second hit from the same person in the same place joins the flag one level up.
    expectOk(await request(socket, "message:send", { roomId, body: ELEVATED, clientMsgId: randomUUID() }));
    await mod.page.locator("#flag-list li.flag[data-severity='high']", { hasText: member.user.displayName }).waitFor();
    expect(await mod.page.locator("#flag-alert").innerText()).toContain("Flag raised to a higher level: High");
    await mod.page.locator("#alerter", { hasText: "Flag raised to a higher level" }).waitFor({ state: "attached" });
    expect(await row.locator(".flag-meta").innerText()).toContain("2 messages");

    // Show it (from the banner), claim, open Resolve, choose, write, submit: keys only.
    await mod.page.locator("#flag-alert button", { hasText: "Show it" }).focus();
    await mod.page.keyboard.press("Enter");
    expect(await row.locator("button.flag-claim").evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await mod.page.keyboard.press("Enter");
    await row.locator(".flag-status", { hasText: "Claimed by you" }).waitFor();
    expect(await row.locator(".flag-resolve summary").evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await mod.page.keyboard.press("Enter");
    await mod.page.keyboard.press("Tab");
    await mod.page.keyboard.press("ArrowDown");
    await mod.page.keyboard.press("Tab");
    await mod.page.keyboard.type("Checked in by message; safe.");
    await mod.page.keyboard.press("Tab");
    await mod.page.keyboard.press("Enter");
    await mod.page.locator(`#flags-resolved li[data-flag-id='${flagId}']`).waitFor();
    const stored = await server.store.flags.findById(flagId);
    expect(stored).toMatchObject({ status: "resolved", outcome: "contacted", notes: "Checked in by message; safe." });
    expect(mod.errors).toEqual([]);
  });

  it("counts new flags in the tab's title while the tab is in the background", async () => {
    const mod = await dashboard("away-tab");
    const { roomId } = await roomWith("Background room");
    expect(await mod.page.title()).toBe("Haven");
    await mod.page.evaluate("Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })");
    for (const name of ["bg-one", "bg-two"]) {
      const { socket, user } = await server.connectAs("member", name);
      expectOk(await request(socket, "room:join", { roomId }));
      expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
      await mod.page.locator("#flag-list li.flag", { hasText: user.displayName }).waitFor();
    }
    expect(await mod.page.title()).toBe("(2) Crisis flag · Haven");
    await mod.page.evaluate("Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }); document.dispatchEvent(new Event('visibilitychange'))");
    expect(await mod.page.title()).toBe("Haven");

    // A quick exit while the count shows leaves the neutral title, not Haven's.
    await mod.page.evaluate("Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })");
    const { socket, user } = await server.connectAs("member", "bg-three");
    expectOk(await request(socket, "room:join", { roomId }));
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    await mod.page.locator("#flag-list li.flag", { hasText: user.displayName }).waitFor();
    expect(await mod.page.title()).toBe("(1) Crisis flag · Haven");
    // Every title the page is given from here on, in order, reported before the page is left.
    const titles: string[] = [];
    mod.page.on("console", (m) => {
      if (m.text().startsWith("title:")) titles.push(m.text().slice(6));
    });
    await mod.page.evaluate(
      "new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) console.log('title:' + n.textContent); }).observe(document.querySelector('title'), { childList: true })",
    );
    await mod.page.route("https://www.google.com/**", (r) => r.fulfill({ contentType: "text/html", body: "<title>Weather</title>" }));
    await mod.page.locator("#quick-exit").dispatchEvent("click");
    await mod.page.waitForURL("https://www.google.com/**");
    expect(titles).toEqual(["Weather"]);
    expect(mod.errors).toEqual([]);
  });

  it("reads the queue again after a resync, so a flag whose broadcast it missed still shows", async () => {
    const mod = await dashboard("resync-mod");
    const member = await server.connectAs("member", "missed");
    const { roomId } = await roomWith("Resync room");
    // Stored without any broadcast, as when another node's alert was lost in a Redis outage.
    const review = await server.app.services.flags.review(
      { kind: "room", id: roomId },
      { id: randomUUID(), seq: 1, authorId: member.user.id, authorName: member.user.displayName, body: CRISIS, createdAt: new Date() },
    );
    expect(review.flag).not.toBeNull();
    await settle(200);
    expect(await mod.page.locator(`#flag-list li[data-flag-id='${review.flag!.id}']`).count()).toBe(0);
    server.app.io.emit("server:resync", {});
    await mod.page.locator(`#flag-list li[data-flag-id='${review.flag!.id}']`).waitFor();
    expect(mod.errors).toEqual([]);
  });

  it("opens a flagged room in watch mode", async () => {
    const mod = await dashboard("watch-mod");
    const member = await signIn("member", "watched");
    const { roomId } = await roomWith("Watched room");
    const socket = await memberSocket(member, roomId);
    expectOk(await request(socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    const row = mod.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await row.waitFor();
    const presence = collectPresence(socket);
    await row.locator("button.flag-watch").click();
    await mod.page.locator("#message-list li", { hasText: CRISIS }).waitFor();
    await settle(300);
    // Watching is silent: the room is not told that a moderator came in.
    expect(presence.filter((p) => p === mod.user.id)).toEqual([]);
    expect(mod.errors).toEqual([]);
  });

  describe("with a clock the test moves", () => {
    let timed: TestServer;
    let oncall: Awaited<ReturnType<typeof startReceiver>>;
    // Started in the past, so the ages the browser shows (from its own clock) read like a real queue.
    const clock = manualClock(new Date(Date.now() - 12 * 60_000));
    beforeAll(async () => {
      oncall = await startReceiver();
      timed = await startTestServer({ deps: { clock }, env: { ONCALL_WEBHOOK_URL: oncall.url, ONCALL_WEBHOOK_SECRET: "a-test-secret-of-enough-length" } });
    });
    afterAll(async () => {
      await timed?.close();
      await oncall?.close();
    });

    it("orders the queue by severity, then oldest first, and makes an overdue flag stand out", async () => {
      const mod = await dashboard("queue-mod", "moderator", timed);
      const { roomId } = await roomWith("Tuesday group", timed);
      const say = async (name: string, body: string) => {
        const { socket, user } = await timed.connectAs("member", name);
        expectOk(await request(socket, "room:join", { roomId }));
        expectOk(await request(socket, "message:send", { roomId, body, clientMsgId: randomUUID() }));
        await mod.page.locator("#flag-list li.flag", { hasText: user.displayName }).waitFor();
        return user;
      };
      const olderElevated = await say("ash", ELEVATED);
      clock.advanceMinutes(1);
      const imminent = await say("bay", IMMINENT);
      const high = await say("cy", HIGH);
      const newerElevated = await say("dee", ELEVATED);
      const { socket: colleague, user: colleagueUser } = await timed.connectAs("moderator", "colleague");
      const highId = await mod.page.locator("#flag-list li.flag", { hasText: high.displayName }).getAttribute("data-flag-id");
      expectOk(await request(colleague, "flag:claim", { flagId: highId }));
      await mod.page.locator("#flag-list li.flag .flag-status", { hasText: `Claimed by ${colleagueUser.displayName}` }).waitFor();

      const order = await mod.page.locator("#flag-list li.flag .flag-meta strong").allInnerTexts();
      expect(order).toEqual([imminent, high, olderElevated, newerElevated].map((u) => u.displayName));
      const severities = await mod.page.locator("#flag-list li.flag .severity").allInnerTexts();
      expect(severities.map((t) => t.replace(/[^A-Za-z]/g, ""))).toEqual(["Imminent", "High", "Elevated", "Elevated"]);
      expect(await mod.page.locator(`#flag-places li[data-place-id='${roomId}']`).innerText()).toContain("4 open");

      // Past the imminent deadline (two minutes by default), unclaimed: re-alerted, and marked in words.
      clock.advanceMinutes(3);
      expect(await timed.app.flags.tick()).toBeGreaterThan(0);
      const late = mod.page.locator("#flag-list li.flag.overdue");
      await late.waitFor();
      expect(await late.locator(".flag-meta strong").innerText()).toBe(imminent.displayName);
      expect(await late.locator(".overdue-badge").innerText()).toBe("Overdue");
      expect(await late.locator(".flag-status").innerText()).toMatch(/^Overdue\./);
      expect(await mod.page.locator("#flag-alert").innerText()).toContain("Overdue flag");
      await mod.page.locator("#alerter", { hasText: "still unclaimed" }).waitFor({ state: "attached" });
      await mod.page.screenshot({ path: path.join(SHOTS, "moderator-dashboard.png"), animations: "disabled" });
      // WCAG AA for every piece of text on the dashboard: 4.5:1, or 3:1 for large text.
      expect(await mod.page.evaluate<string[]>(lowContrastText("#flags-view"))).toEqual([]);

      // A dashboard opened after the overdue alert went out still marks the flag, from its deadline.
      const later = await dashboard("queue-later", "moderator", timed);
      await later.page.locator("#flag-list li.flag.overdue").first().waitFor();
      expect(await later.page.locator("#flag-list li.flag.overdue .flag-meta strong").allInnerTexts()).toEqual([imminent.displayName]);

      // The context says whether on-call was reached: for the overdue flag yes, for the claimed one never called.
      await waitUntil(() => oncall.received.length > 0);
      await late.locator("button.flag-open").click();
      await mod.page.locator("#flag-oncall li", { hasText: "on-call called (still unclaimed past its deadline); reached after 1 attempt" }).waitFor();
      await mod.page.click("#flag-detail-close");
      await mod.page.locator("#flag-list li.flag", { hasText: high.displayName }).locator("button.flag-open").click();
      await mod.page.locator("#flag-oncall", { hasText: "On-call has not been called for this flag." }).waitFor();
      expect(mod.errors).toEqual([]);
    });
  });

  describe("with imminent messages held for review", () => {
    let held: TestServer;
    beforeAll(async () => {
      held = await startTestServer({ env: { CRISIS_HOLD_IMMINENT: "true" } });
    });
    afterAll(async () => {
      await held?.close();
    });

    it("shows that a message is held, marks it in the context, and releases it to the room", async () => {
      const mod = await dashboard("holder", "moderator", held);
      const other = await dashboard("holder-2", "moderator", held);
      const { user: author, token } = await held.connectAs("member", "held-author");
      const { roomId } = await roomWith("Held room", held);
      const authorSocket = await held.connect(token);
      expectOk(await request(authorSocket, "room:join", { roomId }));
      const { socket: reader } = await held.connectAs("member", "held-reader");
      expectOk(await request(reader, "room:join", { roomId }));
      const created = collect(reader, "message:created");
      const sent = expectOk(await request(authorSocket, "message:send", { roomId, body: IMMINENT, clientMsgId: randomUUID() }));
      expect(sent.held).toBe(true);

      const row = mod.page.locator("#flag-list li.flag", { hasText: author.displayName });
      await row.waitFor();
      expect(await row.getAttribute("data-severity")).toBe("imminent");
      expect(await row.locator(".held-badge").innerText()).toBe("Message held");
      expect(await row.locator(".flag-status").innerText()).toContain("held from the room");
      await row.locator("button.flag-release", { hasText: "Review held message" }).click();
      const heldItem = mod.page.locator("#flag-context li.held.flagged");
      await heldItem.waitFor();
      expect(await heldItem.innerText()).toContain("held from the room");
      expect(created.filter((m) => m.body === IMMINENT)).toEqual([]);

      const released = waitForEvent(reader, "message:released", (m) => m.id === sent.id);
      await mod.page.click("#flag-detail-release");
      expect((await released).body).toBe(IMMINENT);
      await row.locator(".held-badge").waitFor({ state: "detached" });
      expect(await row.locator("button.flag-release").isHidden()).toBe(true);
      // The other moderator's dashboard follows.
      const otherRow = other.page.locator("#flag-list li.flag", { hasText: author.displayName });
      await otherRow.locator(".held-badge").waitFor({ state: "detached" });
      expect(await otherRow.locator(".flag-status").innerText()).not.toContain("held");
      for (const p of [mod, other]) expect(p.errors).toEqual([]);
    });
  });

  async function waitUntil(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) await settle(50);
    expect(check()).toBe(true);
  }

  function collectPresence(socket: ClientSocket): string[] {
    const seen: string[] = [];
    socket.on("presence:joined", ({ user }) => seen.push(user.id));
    return seen;
  }
});
