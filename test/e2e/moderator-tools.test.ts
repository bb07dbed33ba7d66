/**
 * Moderator tools in a real browser: handing a claimed flag to another moderator from its context,
 * a claim left past its deadline alerting again, searching the history of resolved flags, a
 * room's mutes and bans with Lift and a person's history, and right-to-left text wherever the
 * dashboard shows what people wrote.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { browserSuite, SCREENSHOTS, showFlagDashboard, signInThroughForm, waitForTrue } from "../support/browser";
import { manualClock } from "../support/clock";
import { lowContrastText } from "../support/contrast";
import { expectOk, nextEvent, request, uniqueName, type ClientSocket, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const IMMINENT = "I am going to kill myself tonight";
const ARABIC = "أشعر بالتعب الشديد اليوم ولا أعرف ماذا أفعل";
const HEBREW = "דיברנו בטלפון והיא בטוחה עכשיו";

describeWithService("chromium", "moderator tools in the browser", () => {
  jest.setTimeout(120_000);
  const clock = manualClock();
  let server: TestServer;
  let browser: Browser;
  let admin: ClientSocket;
  browserSuite({ env: { MESSAGE_RATE_LIMIT: "1000" }, deps: { clock } }, (s) => ({ server, browser } = s));
  beforeAll(async () => {
    admin = (await server.connectAs("admin")).socket;
  });

  async function dashboard(name: string): Promise<{ page: Page; userId: string }> {
    const { user, password } = await server.createUser("moderator", name);
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await signInThroughForm(page, server.url, user.username, password);
    await showFlagDashboard(page);
    return { page, userId: user.id };
  }

  /** A room with one member who says each line; the last raises a flag, whose summary is returned. */
  async function flagged(lines: string[]) {
    const room = expectOk(await request(admin, "room:create", { name: uniqueName("Circle ") }));
    const author = await server.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    const raised = nextEvent(admin, "flag:raised");
    for (const body of lines) expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
    return { room, author, flag: await raised };
  }

  /** Nothing left open: an alert from an earlier test cannot stand in for the one under test. */
  async function resolveAll(): Promise<void> {
    for (const f of expectOk(await request(admin, "flag:list", {})).flags) expectOk(await request(admin, "flag:resolve", { flagId: f.id, outcome: "safe" }));
  }

  const direction = (page: Page, selector: string) => page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).direction`);

  it("reassigns a claimed flag from its context, and the new holder's dashboard shows it as theirs", async () => {
    const first = await dashboard("holder");
    const second = await dashboard("nexthand");
    const { flag } = await flagged([IMMINENT]);
    const row = first.page.locator(`#flag-${flag.id}`);
    // Still open, it can be handed to someone straight away.
    await row.locator("button.flag-open").click();
    await first.page.locator("#flag-reassign-to").waitFor();
    await first.page.click("#flag-detail-close");
    await row.locator("button.flag-claim").click();
    await first.page.locator(`#flag-${flag.id}[data-status='claimed']`).waitFor();
    await row.locator("button.flag-open").click();
    const select = first.page.locator("#flag-reassign-to");
    await first.page.locator(`#flag-reassign-to option[value='${second.userId}']`).waitFor({ state: "attached" });
    expect(await first.page.locator(`#flag-reassign-to option[value='${second.userId}']`).innerText()).toContain("online");
    // Keyboard only: the select and the button are in the tab order.
    await select.focus();
    await select.selectOption(second.userId);
    await first.page.keyboard.press("Tab");
    expect(await first.page.evaluate(`document.activeElement.id`)).toBe("flag-reassign");
    await first.page.keyboard.press("Enter");
    await first.page.locator("#flag-reassign-status", { hasText: "Handed to" }).waitFor();
    await first.page.screenshot({ path: path.join(SCREENSHOTS, "moderator-tools-reassign.png") });

    await second.page.locator(`#flag-alert[data-kind='assigned'][data-flag-id='${flag.id}']`).waitFor();
    const theirs = second.page.locator(`#flag-${flag.id}.mine[data-status='claimed']`);
    await theirs.waitFor();
    expect(await theirs.locator(".flag-status").innerText()).toContain("Claimed by you");
    expect(await first.page.locator(`#flag-${flag.id} .flag-status`).innerText()).toContain("Claimed by nexthand");
    expect((await server.store.flags.findById(flag.id))?.claimedBy).toBe(second.userId);
    expect(await first.page.evaluate(lowContrastText("#flag-detail"))).toEqual([]);
    await first.page.close();
    await second.page.close();
    await resolveAll();
  });

  it("narrows the history as a word is typed, and filters it by place", async () => {
    const mod = await dashboard("historysearch");
    const pharmacy = await flagged([IMMINENT]);
    const garden = await flagged([IMMINENT]);
    expectOk(await request(admin, "flag:resolve", { flagId: pharmacy.flag.id, outcome: "referred", notes: "arranged a pharmacy visit with them" }));
    expectOk(await request(admin, "flag:resolve", { flagId: garden.flag.id, outcome: "safe", notes: "talked about gardening, calmer now" }));
    await mod.page.locator("#history-view summary").click();
    const item = (id: string) => `#history-list li[data-flag-id='${id}']`;
    await mod.page.locator(item(pharmacy.flag.id)).waitFor();
    await mod.page.locator(item(garden.flag.id)).waitFor();

    await mod.page.fill("#history-query", "Pharmacy");
    await waitForTrue(mod.page, `!document.querySelector("${item(garden.flag.id)}")`);
    expect(await mod.page.locator(item(pharmacy.flag.id)).isVisible()).toBe(true);
    await mod.page.screenshot({ path: path.join(SCREENSHOTS, "moderator-tools-history-search.png") });

    await mod.page.fill("#history-query", "");
    await mod.page.selectOption("#history-place", `room:${garden.room.id}`);
    await waitForTrue(mod.page, `!document.querySelector("${item(pharmacy.flag.id)}") && !!document.querySelector("${item(garden.flag.id)}")`);
    expect(await mod.page.evaluate(lowContrastText("#history-view"))).toEqual([]);
    await mod.page.setViewportSize({ width: 360, height: 740 });
    expect(await mod.page.evaluate("document.documentElement.scrollWidth > window.innerWidth")).toBe(false);
    await mod.page.close();
  });

  it("shows what people wrote right to left where it is Arabic or Hebrew: context, history notes, sanction reasons", async () => {
    const mod = await dashboard("rtlreader");
    const { room, author, flag } = await flagged([ARABIC, IMMINENT]);
    const row = mod.page.locator(`#flag-${flag.id}`);
    await row.locator("button.flag-open").click();
    await mod.page.locator("#flag-context li", { hasText: ARABIC }).waitFor();
    // The heading focused while loading keeps the focus once the context is drawn around it.
    expect(await mod.page.evaluate("document.activeElement?.id")).toBe("flag-detail-title");
    const arabic = await mod.page.locator("#flag-context li .body").evaluateAll((els, text) => els.findIndex((e) => e.textContent === text), ARABIC);
    expect(await direction(mod.page, `#flag-context li:nth-child(${arabic + 1}) .body`)).toBe("rtl");
    expect(await direction(mod.page, `#flag-${flag.id} .flag-meta strong`)).toBe("ltr");

    expectOk(await request(admin, "moderation:mute", { roomId: room.id, userId: author.user.id, minutes: 60, reason: ARABIC }));
    expectOk(await request(admin, "flag:resolve", { flagId: flag.id, outcome: "contacted", notes: HEBREW }));
    await mod.page.locator("#history-view summary").click();
    const notes = `#history-list li[data-flag-id='${flag.id}'] .history-notes span`;
    await mod.page.locator(notes).waitFor();
    expect(await direction(mod.page, notes)).toBe("rtl");
    await mod.page.close();
  });

  it("lists a room's mutes and bans with who, why and until when, lifts one, and shows the person's history", async () => {
    const mod = await dashboard("sanctionsmod");
    const { room, author, flag } = await flagged([IMMINENT]);
    const banned = await server.connectAs("member");
    expectOk(await request(banned.socket, "room:join", { roomId: room.id }));
    expectOk(await request(admin, "moderation:warn", { roomId: room.id, userId: author.user.id, reason: "first a warning" }));
    expectOk(await request(admin, "moderation:mute", { roomId: room.id, userId: author.user.id, minutes: 60, reason: ARABIC }));
    expectOk(await request(admin, "moderation:ban", { roomId: room.id, userId: banned.user.id, scope: "room", reason: "threats" }));
    await mod.page.locator(`#flag-${flag.id} button.flag-watch`).click();
    await mod.page.click(".room-controls summary");
    await mod.page.click("#room-sanctions summary");
    const muteRow = mod.page.locator(`#room-sanctions-list li[data-user-id='${author.user.id}'][data-kind='mute']`);
    await muteRow.waitFor();
    expect(await muteRow.innerText()).toContain(author.user.displayName);
    expect(await muteRow.innerText()).toContain("Muted until");
    expect(await direction(mod.page, `#room-sanctions-list li[data-user-id='${author.user.id}'] .sanction-reason span`)).toBe("rtl");
    expect(await mod.page.locator(`#room-sanctions-list li[data-user-id='${banned.user.id}']`).innerText()).toContain("threats");

    await muteRow.getByRole("button", { name: "Moderation history" }).click();
    await mod.page.locator("#member-history .member-actions li[data-action='warn']", { hasText: "first a warning" }).waitFor();
    expect(await mod.page.locator("#member-history .member-sanctions li[data-kind='mute']").count()).toBe(1);
    await mod.page.screenshot({ path: path.join(SCREENSHOTS, "moderator-tools-sanctions.png") });
    expect(await mod.page.evaluate(lowContrastText("#room-sanctions"))).toEqual([]);
    // Closed by keyboard, focus goes back to the button that opened it, not to the page.
    await mod.page.getByRole("button", { name: "Close history" }).focus();
    await mod.page.keyboard.press("Enter");
    expect(await mod.page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe(`Moderation history of ${author.user.displayName}`);

    await muteRow.getByRole("button", { name: /Lift the mute/ }).click();
    await muteRow.waitFor({ state: "detached" });
    expect(await server.store.sanctions.active("mute", author.user.id, room.id, clock.now())).toEqual([]);
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "thank you" }));
    await mod.page.close();
    await resolveAll();
  });

  // Last: it moves the server's clock on by a claim's whole deadline.
  it("alerts again when a claimed flag is left past its claim deadline", async () => {
    await resolveAll();
    const mod = await dashboard("leftclaim");
    const { flag } = await flagged([IMMINENT]);
    await mod.page.locator(`#flag-${flag.id} button.flag-claim`).click();
    await mod.page.locator(`#flag-${flag.id}[data-status='claimed']`).waitFor();
    // Claiming clears the banner; nothing alerts until the claim's deadline passes.
    await mod.page.locator("#flag-alert").waitFor({ state: "hidden" });
    clock.advanceMinutes(9);
    await server.app.flags.tick();
    expect(await mod.page.locator("#flag-alert").isVisible()).toBe(false);
    clock.advanceMinutes(2);
    await server.app.flags.tick();
    const banner = mod.page.locator(`#flag-alert[data-kind='overdue'][data-flag-id='${flag.id}']`);
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Overdue flag");
    expect(await banner.innerText()).toContain("Claimed by you");
    // The chime was tried (a headless browser may refuse audio): the alert is not silent by choice.
    expect(["played", "blocked"]).toContain(await banner.getAttribute("data-sound"));
    await mod.page.locator(`#flag-${flag.id}.overdue .overdue-badge`).waitFor();
    await mod.page.screenshot({ path: path.join(SCREENSHOTS, "moderator-tools-claim-overdue.png") });
    await mod.page.close();
  });
});
