/**
 * Accessibility of the member, peer and room screens in a real browser: the whole path from
 * sign-in to a sent message by keyboard alone, a visible focus ring, text contrast at WCAG AA on
 * every visible piece of text, and no sideways scrolling on a 360 px phone.
 */
import type { Browser, Page } from "playwright-core";
import { api } from "../support/api";
import { browserSuite, openPage, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

/**
 * Every visible element with text of its own whose contrast against its (blended) background is
 * below AA: 4.5:1, or 3:1 for large text. Run in the page as a string: the page's own code needs no eval.
 */
const LOW_CONTRAST = `(() => {
  const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null; const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const blend = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a) });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((under, c) => blend(c, under), { r: 255, g: 255, b: 255 });
  };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (el.closest("[disabled]")) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const cs = getComputedStyle(el);
    const bg = background(el);
    const fg = blend(parse(cs.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.tagName + "." + el.className + " '" + el.textContent.trim().slice(0, 40) + "' " + ratio.toFixed(2));
  }
  return bad;
})()`;

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
