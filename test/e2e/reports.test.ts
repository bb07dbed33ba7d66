/**
 * Reporting in the browser: a member on a 360 px phone reports someone else's message through the
 * dialog with the keyboard (Escape closes it and gives the focus back), sees the confirmation and
 * any error; a moderator's review list shows the report with its reason and note, by "a member".
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { lowContrastText } from "../support/contrast";
import { expectOk, request, uniqueName, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "reporting in the browser", () => {
  jest.setTimeout(90_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("reports a message with the keyboard, confirms it, and shows it on a moderator's review list", async () => {
    const { socket: staff } = await server.connectAs("moderator");
    const roomName = uniqueName("Evening room ");
    const room = expectOk(await request(staff, "room:create", { name: roomName }));
    const author = await server.connectAs("member", "unkind");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    const gone = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "first thing" }));
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "Nobody here wants you" }));

    const { user, password } = await server.createUser("member", "reporter");
    const { page, errors } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: roomName }).click();
    const item = page.locator("#message-list li[data-seq='2']");
    await item.waitFor();
    const dialog = page.locator("dialog.report-dialog");

    // Escape closes the dialog and the focus goes back to the Report button.
    const report = item.locator("button.report");
    await report.focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(`document.activeElement === document.querySelector("#message-list li[data-seq='2'] button.report")`)).toBe(true);
    // That Esc closed the dialog: it is not the first half of a quick exit.
    await page.keyboard.press("Escape");
    expect(await page.locator("#message-list").isVisible()).toBe(true);

    // An error is shown in the dialog: the first message is deleted while its report is being written.
    await page.locator("#message-list li[data-seq='1'] button.report").click();
    await dialog.waitFor();
    expectOk(await request(author.socket, "message:delete", { roomId: room.id, messageId: gone.id }));
    await dialog.getByLabel("Spam or advertising").check();
    await dialog.getByRole("button", { name: "Send report" }).click();
    await dialog.locator(".error:has-text('Your report was not sent. Message was not found.')").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });

    // The report itself, with the keyboard only.
    await report.focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    // The page's bar is out of reach behind a modal dialog: the dialog carries the safety controls.
    for (const name of ["Quick exit", "Get help now"]) {
      const control = (await dialog.getByRole("button", { name }).boundingBox())!;
      expect(control.y).toBeGreaterThanOrEqual(0);
      expect(control.y + control.height).toBeLessThanOrEqual(740);
      expect(control.height).toBeGreaterThanOrEqual(44);
    }
    await dialog.getByLabel("Harassment or bullying").focus();
    await page.keyboard.press("Space");
    await dialog.getByLabel("Anything moderators should know (optional)").focus();
    await page.keyboard.type("Said this to me twice tonight");
    expect(await page.evaluate<string[]>(lowContrastText("dialog.report-dialog"))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "report-dialog-phone.png"), animations: "disabled" });
    await dialog.getByRole("button", { name: "Send report" }).focus();
    await page.keyboard.press("Enter");
    await dialog.locator(".report-sent:has-text('Thanks — a moderator will look at this.')").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "report-sent-phone.png"), animations: "disabled" });
    await page.keyboard.press("Enter"); // Close has the focus
    await dialog.waitFor({ state: "detached" });

    // A moderator sees it on the review list: the reason and note, from "a member", never the reporter.
    const mod = await server.createUser("moderator", "reviewer");
    const { page: modPage, errors: modErrors } = await openPage(browser, { width: 1000, height: 740 });
    await signInThroughForm(modPage, server.url, mod.user.username, mod.password);
    if (!(await modPage.locator("#flags-view").isVisible())) await modPage.click("button.nav-item[data-view='flags']");
    const listed = modPage.locator("#review-list li.review-item", { hasText: "Member report" });
    await listed.waitFor();
    expect(await listed.locator(".report-by").innerText()).toContain("Reported by a member: a message from unkind");
    expect(await listed.locator(".report-reasons").innerText()).toContain("Harassment or bullying");
    expect(await listed.locator(".report-notes").innerText()).toContain("Said this to me twice tonight");
    expect(await listed.innerText()).not.toContain(user.displayName);
    expect(await modPage.evaluate<string[]>(lowContrastText("#review-view"))).toEqual([]);
    await modPage.screenshot({ path: path.join(SCREENSHOTS, "report-review-list.png"), animations: "disabled" });
    // Its context says what it is: a member's report, not a mention the detector let through.
    await listed.locator("button.review-open").click();
    await modPage.locator("#flag-detail-why", { hasText: "Reported by a member" }).waitFor();
    expect(errors).toEqual([]);
    expect(modErrors).toEqual([]);
  });
});
