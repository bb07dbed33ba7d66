/**
 * The review list on the moderators' dashboard, in a real browser: a mention that is not the
 * writer's own risk alerts nobody and shows its author nothing, but appears on the review list with
 * the reason in plain words; a moderator promotes it with the keyboard and it becomes a flag in the
 * queue, which another moderator is alerted to; someone else at risk is marked as such; a dismissed
 * item leaves every list; and the list fits a 360 px phone at AA contrast.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { User } from "../../shared/dto";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, settle, waitForEvent, type ClientSocket, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

// Phrases the shipped detector lists without paging (see docs/crisis-detection.md); written for these tests.
const NEGATED = "I'm not suicidal anymore, just tired";
const WORRIED = "my friend says she wants to kill herself tonight, what should I do?";

interface Signed {
  page: Page;
  user: User;
  password: string;
  errors: string[];
}

describeWithService("chromium", "the review list in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  // Someone else at risk is listed, not paged, in this deployment; the shipped lexicon has no
  // "asking what to do" phrase yet, so the deployment's override adds one.
  browserSuite({ env: { CRISIS_CONCERN_OTHER: "list", MESSAGE_RATE_LIMIT: "1000" } }, (s) => ({ server, browser } = s));
  beforeAll(async () => {
    await server.store.lexicon.append({ version: 1, override: { modifiers: { concern: ["what should i do"] } }, createdBy: "test", createdAt: new Date() });
    await server.app.services.lexicon.refresh();
  });

  async function signIn(role: "member" | "moderator", name: string, width = 1000): Promise<Signed> {
    const { user, password } = await server.createUser(role, name);
    const { page, errors } = await openPage(browser, { width, height: 740 });
    await signInThroughForm(page, server.url, user.username, password);
    return { page, user, password, errors };
  }

  async function dashboard(name: string, width = 1000): Promise<Signed> {
    const mod = await signIn("moderator", name, width);
    if (!(await mod.page.locator("#flags-view").isVisible())) await mod.page.click("button.nav-item[data-view='flags']");
    await mod.page.waitForSelector("#review-view #review-empty, #review-list li");
    return mod;
  }

  async function roomWithMember(name: string): Promise<{ roomId: string; member: Signed; socket: ClientSocket }> {
    const { socket: staff } = await server.connectAs("moderator", "owner");
    const room = expectOk(await request(staff, "room:create", { name }));
    const member = await signIn("member", "writer");
    // The member's other tab, for sends where the page is not what is under test.
    const socket = await server.connect(await server.login(member.user.username, member.password));
    expectOk(await request(socket, "room:join", { roomId: room.id }));
    return { roomId: room.id, member, socket };
  }

  it("lists a negated mention without alerting, and a moderator promotes it into the queue with the keyboard", async () => {
    const a = await dashboard("ada");
    const b = await dashboard("bo");
    const { roomId, member } = await roomWithMember("Review room");
    // The member writes in the browser, as a person would.
    await member.page.click("button.nav-item[data-view='sessions']");
    await member.page.getByRole("button", { name: "Review room", exact: true }).click();
    await member.page.fill("#composer", NEGATED);
    await member.page.press("#composer", "Enter");

    const item = a.page.locator("#review-list li.review-item", { hasText: member.user.displayName });
    await item.waitFor();
    expect(await item.locator(".review-why").innerText()).toContain("says they are not (negated)");
    expect(await item.locator(".flag-words").innerText()).toContain("suicidal");
    expect(await item.innerText()).not.toContain("just tired");
    await settle(300);
    // Nobody was paged: no banner, no row in the queue; the author is shown nothing.
    expect(await a.page.locator("#flag-alert").isHidden()).toBe(true);
    expect(await a.page.locator("#flag-list li.flag").count()).toBe(0);
    expect(await member.page.locator("#help-panel").isHidden()).toBe(true);
    await b.page.locator("#review-list li.review-item", { hasText: member.user.displayName }).waitFor();
    expect(await a.page.evaluate<string[]>(lowContrastText("#review-view"))).toEqual([]);

    // Promote with the keyboard.
    const raisedForB = b.page.locator("#flag-alert:visible");
    await item.locator("button.review-promote").focus();
    await a.page.keyboard.press("Enter");
    const row = a.page.locator("#flag-list li.flag", { hasText: member.user.displayName });
    await row.waitFor();
    expect(await row.locator(".promoted-badge").innerText()).toContain("Promoted from review");
    expect(await row.locator(".flag-status").innerText()).toContain("nobody has claimed it");
    expect(await a.page.locator("#review-list li.review-item").count()).toBe(0);
    // The keyboard stays with the flag: its Claim button.
    expect(await a.page.evaluate<string | null>("document.activeElement && document.activeElement.className")).toContain("flag-claim");
    // The other moderator is alerted as for a new flag, and their review list empties.
    await raisedForB.waitFor();
    expect(await b.page.locator("#flag-alert").innerText()).toContain("New flag");
    await b.page.locator("#flag-list li.flag", { hasText: member.user.displayName }).waitFor();
    await b.page.locator("#review-list li.review-item").waitFor({ state: "detached" });
    expect(await server.store.flags.listUnresolved()).toEqual([expect.objectContaining({ place: { kind: "room", id: roomId }, promotedBy: a.user.id })]);
    await a.page.screenshot({ path: path.join(SCREENSHOTS, "review-promoted.png"), animations: "disabled" });
    for (const p of [a, b, member]) expect(p.errors).toEqual([]);
  });

  it("marks someone else at risk on the list, opens its context, and dismisses it, at 360 px", async () => {
    const phone = await dashboard("narrow", 360);
    const other = await dashboard("wide");
    const { roomId, member, socket } = await roomWithMember("Worried room");
    const listed = waitForEvent(socket, "message:created", (m) => m.body === WORRIED);
    expectOk(await request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body: WORRIED }));
    await listed;

    const item = phone.page.locator("#review-list li.review-item", { hasText: member.user.displayName });
    await item.waitFor();
    expect(await item.getAttribute("data-disposition")).toBe("concern_other");
    expect(await item.locator(".concern-badge").innerText()).toBe("Someone else at risk");
    expect(await item.locator(".review-why").innerText()).toContain("about someone else");
    expect(await phone.page.locator("#flag-alert").isHidden()).toBe(true);

    // Nothing wider than the phone, every control within it, text at AA contrast.
    expect(await phone.page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")).toBeLessThanOrEqual(0);
    for (const sel of ["button.review-open", "button.review-promote", "button.review-dismiss"]) {
      const box = await item.locator(sel).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    }
    expect(await phone.page.evaluate<string[]>(lowContrastText("#review-view"))).toEqual([]);
    await phone.page.screenshot({ path: path.join(SCREENSHOTS, "review-list-phone.png"), animations: "disabled" });

    // The context, with the reason, then back to the list.
    await item.locator("button.review-open").click();
    await phone.page.locator("#flag-context li.flagged", { hasText: WORRIED }).waitFor();
    expect(await phone.page.locator("#flag-detail-why").innerText()).toContain("Someone else at risk");
    await phone.page.click("#flag-detail-close");

    // Dismiss with the keyboard: gone here and on the other moderator's list.
    await item.locator("button.review-dismiss").focus();
    await phone.page.keyboard.press("Enter");
    await item.waitFor({ state: "detached" });
    await other.page.locator("#review-list li.review-item", { hasText: member.user.displayName }).waitFor({ state: "detached" });
    expect(await phone.page.locator("#flag-list li.flag", { hasText: member.user.displayName }).count()).toBe(0);
    for (const p of [phone, other]) expect(p.errors).toEqual([]);
  });
});
