/**
 * "Your data" in the browser: a member downloads everything Haven keeps about them, then erases
 * their account with their password, by keyboard, at desktop and phone width.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import type { AccountExport } from "../../shared/account-export";
import { lowContrastText } from "../support/contrast";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const LOW_CONTRAST = lowContrastText("#view");
const OVERFLOWS = "document.documentElement.scrollWidth > document.documentElement.clientWidth";

describeWithService("chromium", "your data", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it.each([
    ["desktop", { width: 1000, height: 700 }],
    ["phone", { width: 360, height: 740 }],
  ])("downloads the export and erases the account on %s, refusing a wrong password first", async (name, viewport) => {
    const { user, password } = await server.createUser("member", "mydata");
    const { page, errors } = await openPage(browser, viewport);
    await signInThroughForm(page, server.url, user.username, password);
    await page.click("button.nav-item[data-view='account']");
    await page.waitForSelector("#export-download");
    expect(await page.evaluate(LOW_CONTRAST)).toEqual([]);
    expect(await page.evaluate(OVERFLOWS)).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, `your-data-${name}.png`), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-download")]);
    expect(download.suggestedFilename()).toBe("haven-export.json");
    const archive = JSON.parse(readFileSync((await download.path())!, "utf8")) as AccountExport;
    expect(archive.account.username).toBe(user.username);
    await page.waitForSelector("#export-status:has-text('haven-export.json')");

    // By keyboard: password, the confirmation, then the button.
    await page.focus("#erase-password");
    await page.keyboard.type("not my password");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#erase-error:has-text('password is not right')");
    await page.keyboard.type(password);
    await page.click("#erase-submit");
    await page.waitForSelector("#login-error:has-text('Your account has been erased')");
    expect(await page.evaluate("sessionStorage.getItem('haven.session')")).toBeNull();
    expect(await server.store.users.findById(user.id)).toBeNull();
    // The refused password (403) and the renewal refused once the account was gone (401) are the only errors.
    expect(errors.filter((e) => !/status of (403|401)/.test(e))).toEqual([]);
  });

  it("tells an admin that another admin erases their account, and offers no form", async () => {
    const { user, password } = await server.createUser("admin", "mydataadmin");
    const { page } = await openPage(browser);
    await signInThroughForm(page, server.url, user.username, password);
    await page.click("button.nav-item[data-view='account']");
    await page.waitForSelector("#erase-admin");
    expect(await page.locator("#erase-form").count()).toBe(0);
  });
});
