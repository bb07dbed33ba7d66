/**
 * Accessibility of the member, peer and room screens in a real browser: the whole path from
 * sign-in to a sent message by keyboard alone, a visible focus ring, text contrast at WCAG AA on
 * every visible piece of text, and no sideways scrolling on a 360 px phone.
 */
import type { Browser, Page } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { lowContrastText } from "../support/contrast";
import { describeWithService } from "../support/services";

const LOW_CONTRAST = lowContrastText("body");

const OVERFLOWS = "document.documentElement.scrollWidth > window.innerWidth";
const FOCUSED = "(() => { const el = document.activeElement; const cs = getComputedStyle(el); return { id: el.id, text: (el.textContent || '').trim(), outline: cs.outlineStyle + ' ' + cs.outlineWidth }; })()";

describeWithService("chromium", "accessibility of the browser client", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  const focused = (page: Page) => page.evaluate(FOCUSED) as Promise<{ id: string; text: string; outline: string }>;

  async function tabTo(page: Page, text: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if ((await focused(page)).text === text) return;
    }
    throw new Error(`Tab never reached "${text}"`);
  }

  it("goes from sign-in to a sent message with the keyboard alone, with a visible focus ring", async () => {
    const { socket } = await server.connectAs("moderator");
    expectOk(await request(socket, "room:create", { name: "Keyboard room" }));
    const { user, password } = await server.createUser("member", "keys");
    const { page, errors } = await openPage(browser);
    await page.goto(server.url);
    await page.locator("#login-submit:not([disabled])").waitFor();
    expect((await focused(page)).id).toBe("login-username");
    await page.keyboard.type(user.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#connection-status.connected");
    await page.waitForSelector("#room-list li");
    // Focus lands on the new screen's heading.
    expect((await focused(page)).text).toBe("Sessions");

    await tabTo(page, "Keyboard room");
    expect((await focused(page)).outline).toBe("solid 3px");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#room-title:has-text('Keyboard room')");
    await page.locator("#composer:focus").waitFor();
    await page.keyboard.type("Sent from the keyboard");
    await page.keyboard.press("Enter");
    await page.locator("#message-list li[data-seq='1']:has-text('Sent from the keyboard')").waitFor();

    // The help panel opens from the keyboard and takes the focus.
    await page.focus("#help-now");
    await page.keyboard.press("Enter");
    await page.locator("#help-panel:focus").waitFor();
    expect(await page.getAttribute("#help-now", "aria-expanded")).toBe("true");
    expect(errors).toEqual([]);
  });

  it("keeps every visible text at WCAG AA contrast, and fits a 360 px screen, on the member, peer and room screens", async () => {
    const member = await server.createUser("member", "contrast");
    const peer = await server.createUser("peer", "contrastpeer");
    const { token: modToken, socket: mod } = await server.connectAs("moderator", "contrastmod");
    expectOk(await request(mod, "room:create", { name: "Contrast room", topic: "Colours" }));
    await api(server.url, modToken, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const startsAt = new Date(Date.now() + 60 * 60_000);
    await api(server.url, modToken, "POST", "/api/sessions", { title: "Later", startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), capacity: 5, facilitatorIds: [peer.user.id] });

    for (const viewport of [{ width: 1000, height: 700 }, { width: 360, height: 740 }]) {
      const m = await openPage(browser, viewport);
      await signInThroughForm(m.page, server.url, member.user.username, member.password);
      await m.page.waitForSelector("#session-list .session");
      const screens: Record<string, string[]> = {};
      screens.sessions = (await m.page.evaluate(LOW_CONTRAST)) as string[];
      expect(await m.page.evaluate(OVERFLOWS)).toBe(false);
      await m.page.click("button.nav-item[data-view='conversations']");
      await m.page.fill("#composer", "Hello");
      await m.page.press("#composer", "Enter");
      await m.page.locator("#message-list li[data-seq='1']").waitFor();
      screens.conversations = (await m.page.evaluate(LOW_CONTRAST)) as string[];
      expect(await m.page.evaluate(OVERFLOWS)).toBe(false);

      const p = await openPage(browser, viewport);
      await signInThroughForm(p.page, server.url, peer.user.username, peer.password);
      await p.page.locator("#caseload-list .badge").waitFor();
      screens.caseload = (await p.page.evaluate(LOW_CONTRAST)) as string[];
      expect(await p.page.evaluate(OVERFLOWS)).toBe(false);

      // A moderator in a room with every control open.
      const { user: modUser, password: modPassword } = await server.createUser("moderator", "contrastroom");
      const r = await openPage(browser, viewport);
      await signInThroughForm(r.page, server.url, modUser.username, modPassword);
      await r.page.click("button.nav-item[data-view='sessions']");
      await r.page.getByRole("button", { name: "Contrast room", exact: true }).click();
      await m.page.click("button.nav-item[data-view='sessions']");
      await m.page.getByRole("button", { name: "Contrast room", exact: true }).click();
      await m.page.waitForSelector("#room-title:has-text('Contrast room')");
      await m.page.fill("#composer", "A message to moderate");
      await m.page.press("#composer", "Enter");
      await r.page.locator("#message-list li[data-seq='1']").waitFor();
      for (const summary of await r.page.locator("details.mod summary").all()) await summary.click();
      screens.room = (await r.page.evaluate(LOW_CONTRAST)) as string[];
      expect(await r.page.evaluate(OVERFLOWS)).toBe(false);
      screens.memberRoom = (await m.page.evaluate(LOW_CONTRAST)) as string[];
      expect(await m.page.evaluate(OVERFLOWS)).toBe(false);

      expect(screens).toEqual({ sessions: [], conversations: [], caseload: [], room: [], memberRoom: [] });
      for (const x of [m, p, r]) {
        expect(x.errors).toEqual([]);
        await x.page.close();
      }
    }
  });
});
