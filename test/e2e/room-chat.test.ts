import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildClient, launchBrowser } from "../support/browser";
import { expectOk, request, startTestServer, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

const SHOTS = path.resolve(__dirname, "../../test-results/screenshots");

describeWithService("chromium", "the browser client", () => {
  jest.setTimeout(60_000);
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

  async function signIn(role: "member" | "moderator", name: string): Promise<Page> {
    const { user, password } = await server.createUser(role, name);
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(server.url);
    await page.fill("#login-username", user.username);
    await page.fill("#login-password", password);
    await page.click("#login-submit");
    await page.waitForSelector("#connection-status.connected");
    expect(errors).toEqual([]);
    return page;
  }

  it("lets two members in two tabs chat in a room, with nothing blocked by the CSP", async () => {
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "room:create", { name: "Browser room", topic: "Testing" }));

    const ann = await signIn("member", "ann");
    const ben = await signIn("member", "ben");
    for (const page of [ann, ben]) await page.getByRole("button", { name: "Browser room" }).click();
    await ann.waitForSelector("#room-title:has-text('Browser room')");
    await ben.waitForSelector("#presence-list li:nth-child(2)");

    await ann.fill("#composer", "Hi Ben <b>not bold</b>");
    await ann.press("#composer", "Enter");
    const received = ben.locator("#message-list li[data-seq='1']");
    await received.waitFor();
    // Rendered as text: the markup shows literally and creates no element.
    expect(await received.innerText()).toContain("Hi Ben <b>not bold</b>");
    expect(await ben.locator("#message-list b").count()).toBe(0);
    await ann.locator("#message-list li[data-seq='1']").waitFor();
    expect(await ann.locator("#message-list li").count()).toBe(1);

    await ann.screenshot({ path: path.join(SHOTS, "room.png") });
  });

  it("opens the help panel with the support lines for the author of a crisis message, and for no one else", async () => {
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "room:create", { name: "Support room" }));
    const author = await signIn("member", "cal");
    const other = await signIn("member", "dee");
    for (const page of [author, other]) await page.getByRole("button", { name: "Support room" }).click();
    await other.waitForSelector("#presence-list li:nth-child(2)");
    // The deployment's lines are in the panel from the start, for anyone who opens it.
    expect(await author.locator("#help-resources li").count()).toBeGreaterThan(0);

    await author.fill("#composer", "I don't want to be alive anymore");
    await author.press("#composer", "Enter");
    await other.locator("#message-list li[data-seq='1']").waitFor();
    await author.locator("#help-panel").waitFor({ state: "visible" });
    expect(await author.locator("#help-message").innerText()).toContain("You don't have to go through this alone");
    await other.waitForTimeout(300);
    expect(await other.locator("#help-panel").isHidden()).toBe(true);
    await author.screenshot({ path: path.join(SHOTS, "support-offered.png") });
  });

  it("keeps the create-room form from members and shows it to moderators", async () => {
    const member = await signIn("member", "plain");
    expect(await member.locator("#create-room").isHidden()).toBe(true);
    const moderator = await signIn("moderator", "mod");
    await moderator.fill("#create-room-name", "Made in the browser");
    await moderator.click("#create-room-submit");
    await moderator.getByRole("button", { name: "Made in the browser" }).waitFor();
    expect((await server.store.rooms.list()).some((r) => r.name === "Made in the browser")).toBe(true);
  });

  it("shows a wrong password as an error and stays on the sign-in form", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill("#login-username", "nobody");
    await page.fill("#login-password", "wrong password");
    await page.click("#login-submit");
    await page.waitForSelector("#login-error:has-text('Wrong username or password')");
    await page.screenshot({ path: path.join(SHOTS, "sign-in.png") });
  });
});
