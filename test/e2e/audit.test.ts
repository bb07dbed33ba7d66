/**
 * The admins' audit view in a real browser: moderation actions and flag handling listed with who,
 * what, whom, where and when; filters by action, room and user; older pages on demand; and never
 * a message's text.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { User } from "../../shared/dto";
import { buildClient, launchBrowser } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, startTestServer, waitForEvent, type ClientSocket, type TestServer, uniqueName } from "../support/server";
import { describeWithService } from "../support/services";

const SHOTS = path.resolve(__dirname, "../../test-results/screenshots");
const CRISIS = "I don't want to be alive anymore";

describeWithService("chromium", "the audit view in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let moderator: { socket: ClientSocket; user: User };
  let member: { socket: ClientSocket; user: User };
  let roomId: string;
  let otherRoomId: string;

  beforeAll(async () => {
    buildClient();
    // One test scripts 60 locks in a burst to fill the log; no person clicks that fast.
    server = await startTestServer({ env: { EVENT_SOCKET_BURST: "200" } });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });

    // What the log will hold: a mute, a warning, a lock and unlock, a flag claimed and resolved.
    moderator = await server.connectAs("moderator", "auditmod");
    member = await server.connectAs("member", "auditmember");
    roomId = expectOk(await request(moderator.socket, "room:create", { name: "Audited room" })).id;
    otherRoomId = expectOk(await request(moderator.socket, "room:create", { name: uniqueName("Quiet corner ") })).id;
    for (const id of [roomId, otherRoomId]) {
      expectOk(await request(moderator.socket, "room:join", { roomId: id }));
      expectOk(await request(member.socket, "room:join", { roomId: id }));
    }
    expectOk(await request(moderator.socket, "moderation:mute", { roomId, userId: member.user.id, minutes: 5, reason: "Cooling off" }));
    expectOk(await request(moderator.socket, "moderation:unmute", { roomId, userId: member.user.id }));
    expectOk(await request(moderator.socket, "room:lock", { roomId: otherRoomId, locked: true }));
    expectOk(await request(moderator.socket, "room:lock", { roomId: otherRoomId, locked: false }));
    const raised = waitForEvent(moderator.socket, "flag:raised", (f) => f.authorId === member.user.id);
    expectOk(await request(member.socket, "message:send", { roomId, body: CRISIS, clientMsgId: randomUUID() }));
    const flag = await raised;
    expectOk(await request(moderator.socket, "flag:claim", { flagId: flag.id }));
    expectOk(await request(moderator.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted", notes: "Talked it through" }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function auditPage(width = 1000): Promise<{ page: Page; errors: string[] }> {
    const { user, password } = await server.createUser("admin", "auditor");
    const page = await browser.newPage({ viewport: { width, height: 700 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(server.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.click("button.nav-item[data-view='audit']");
    await page.locator("#audit-status", { hasText: "shown" }).waitFor();
    return { page, errors };
  }

  /** The listed actions, sorted (entries of the same millisecond may come in either order). */
  const actions = async (page: Page) => (await page.locator("#audit-rows tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))).sort();
  const times = (page: Page) => page.locator("#audit-rows time").evaluateAll((els) => els.map((t) => Date.parse(t.getAttribute("datetime") ?? "")));

  it("lists who did what to whom, where and when, newest first, and never a message's text", async () => {
    const { page, errors } = await auditPage();
    expect(await actions(page)).toEqual(["flag.claim", "flag.resolve", "lock", "mute", "unlock", "unmute"]);
    const at = await times(page);
    expect(at).toEqual([...at].sort((a, b) => b - a));

    const resolve = page.locator("#audit-rows tr[data-action='flag.resolve']");
    const cells = await resolve.locator("td").allInnerTexts();
    expect(cells[1]).toContain(moderator.user.displayName);
    expect(cells[2]).toContain("Resolved a crisis flag");
    expect(cells[3]).toContain(member.user.displayName);
    expect(cells[4]).toBe("Audited room");
    expect(cells[5]).toContain("outcome: contacted");
    const mute = await page.locator("#audit-rows tr[data-action='mute'] td").allInnerTexts();
    expect(mute[4]).toBe("Audited room");
    expect(mute[5]).toContain("Reason: Cooling off");
    expect(mute[5]).toContain("minutes: 5");

    expect(await page.locator("body").innerText()).not.toContain(CRISIS);
    expect(await page.evaluate<string[]>(lowContrastText("#audit-view"))).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "audit.png"), animations: "disabled" });
    expect(errors).toEqual([]);
  });

  it("filters by action, by room and by user", async () => {
    const { page } = await auditPage();
    await page.selectOption("#audit-action", "flag.claim");
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "1 entry shown" }).waitFor();
    expect(await actions(page)).toEqual(["flag.claim"]);

    await page.selectOption("#audit-action", "");
    await page.selectOption("#audit-room", otherRoomId);
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "2 entries shown" }).waitFor();
    expect(await actions(page)).toEqual(["lock", "unlock"]);

    // A room's flag handling is found by its room, with the moderation there.
    await page.selectOption("#audit-room", roomId);
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "4 entries shown" }).waitFor();
    expect(await actions(page)).toEqual(["flag.claim", "flag.resolve", "mute", "unmute"]);

    await page.selectOption("#audit-room", "");
    await page.selectOption("#audit-user", member.user.id);
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "4 entries shown" }).waitFor();
    expect(await actions(page)).toEqual(["flag.claim", "flag.resolve", "mute", "unmute"]);

    // A time range that ends before anything happened shows nothing.
    await page.selectOption("#audit-user", "");
    await page.fill("#audit-to", "2020-01-01T00:00");
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "0 entries shown" }).waitFor();
    expect(await page.locator("#audit-rows").innerText()).toContain("No entries match");
  });

  it("loads older entries page by page without repeating any", async () => {
    const { socket } = await server.connectAs("moderator", "busy");
    const busyRoom = expectOk(await request(socket, "room:create", { name: uniqueName("Busy room ") })).id;
    for (let i = 0; i < 30; i++) {
      expectOk(await request(socket, "room:lock", { roomId: busyRoom, locked: true }));
      expectOk(await request(socket, "room:lock", { roomId: busyRoom, locked: false }));
    }
    const { page } = await auditPage();
    await page.selectOption("#audit-room", busyRoom);
    await page.click("#audit-apply");
    await page.locator("#audit-status", { hasText: "50 entries shown, older ones available" }).waitFor();
    await page.click("#audit-more");
    await page.locator("#audit-status", { hasText: "60 entries shown." }).waitFor();
    expect(await page.locator("#audit-more").isHidden()).toBe(true);
    expect(await page.evaluate<string>("document.activeElement && document.activeElement.className")).toBe("table-scroll");
    const ids = await page.locator("#audit-rows tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-entry-id")));
    expect(new Set(ids).size).toBe(60);
  });

  it("is offered to admins only: a moderator has Flags but no Audit, and the route refuses them", async () => {
    const { user, password } = await server.createUser("moderator", "not-admin");
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(server.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.locator("button.nav-item[data-view='flags']").waitFor();
    expect(await page.locator("button.nav-item[data-view='audit']").count()).toBe(0);
    const res = await fetch(`${server.url}/api/admin/audit`, { headers: { authorization: `Bearer ${await server.login(user.username, password)}` } });
    expect(res.status).toBe(403);
  });

  it("fits a 360 px screen: the filters stack and the table scrolls inside its own region", async () => {
    const { page } = await auditPage(360);
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    const region = page.getByRole("region", { name: "Audit entries" });
    expect(await region.getAttribute("tabindex")).toBe("0");
  });
});
