/**
 * Two members chat in a scheduled session in two browsers: the session in local time, register,
 * the join button, presence, typing, text-only rendering, the pinned announcement and the room's
 * state in plain words; the facilitator controls; the crisis support lines for the author alone;
 * the create-room form for staff only; a wrong password. Saves screenshots of each screen.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Session } from "../../shared/dto";
import { api } from "../support/api";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "the browser client", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  const pageErrors: string[][] = [];
  // Enough sends per window for one member to fill a room's history in one go.
  // One test scripts 60 sends in a burst to fill a room's history; both send limits make room for it.
  browserSuite({ env: { MESSAGE_RATE_LIMIT: "200", EVENT_SOCKET_BURST: "200", SESSION_TICK_SECONDS: "1" } }, (s) => ({ server, browser } = s));
  afterEach(() => {
    // Nothing blocked by the CSP, no uncaught error, on any page of the test.
    for (const errors of pageErrors.splice(0)) expect(errors).toEqual([]);
  });

  async function signIn(role: "member" | "moderator" | "peer", name: string, viewport?: { width: number; height: number }): Promise<{ page: Page; id: string }> {
    const { user, password } = await server.createUser(role, name);
    const { page, errors } = await openPage(browser, viewport);
    pageErrors.push(errors);
    await signInThroughForm(page, server.url, user.username, password);
    return { page, id: user.id };
  }

  async function scheduleSession(title: string, facilitatorIds: string[], startsInMinutes = -1): Promise<Session> {
    const { token } = await server.connectAs("moderator", "scheduler");
    const startsAt = new Date(Date.now() + startsInMinutes * 60_000);
    const res = await api<{ sessions: Session[] }>(server.url, token, "POST", "/api/sessions", {
      title,
      topic: "Checking in",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      capacity: 10,
      facilitatorIds,
    });
    expect(res.status).toBe(201);
    return res.body.sessions[0] as Session;
  }

  it("lets two members register for a session, join it and chat, with text rendered as text", async () => {
    const { id: peerId } = await server.createUser("peer", "facil").then((u) => ({ id: u.user.id }));
    await scheduleSession("Evening circle", [peerId]);
    const later = await scheduleSession("Tomorrow's circle", [peerId], 24 * 60);

    const ann = await signIn("member", "ann");
    const ben = await signIn("member", "ben");
    // The session list in local time, with register and a join button that is on once the window is open.
    const card = ann.page.locator(".session", { hasText: "Evening circle" });
    await card.getByRole("button", { name: "Register" }).click();
    await card.getByText("You are registered.").waitFor();
    const laterCard = ann.page.locator(`[data-session-id='${later.id}']`);
    expect(await laterCard.getByRole("button", { name: "Join" }).isDisabled()).toBe(true);
    expect(await laterCard.innerText()).toContain("You can join from");
    await ann.page.screenshot({ path: path.join(SCREENSHOTS, "sessions.png") });

    await card.getByRole("button", { name: "Join" }).click();
    await ben.page.locator(".session", { hasText: "Evening circle" }).getByRole("button", { name: "Join" }).click();
    await ann.page.waitForSelector("#room-title:has-text('Evening circle')");
    await ann.page.waitForSelector("#presence-list li:nth-child(2)");

    await ben.page.fill("#composer", "typing…");
    await ann.page.waitForSelector("#typing:has-text('is typing')");
    await ben.page.fill("#composer", "");

    await ann.page.fill("#composer", "Hi Ben <b>not bold</b>");
    await ann.page.press("#composer", "Enter");
    const received = ben.page.locator("#message-list li[data-seq='1']");
    await received.waitFor();
    // Rendered as text: the markup shows literally and creates no element.
    expect(await received.innerText()).toContain("Hi Ben <b>not bold</b>");
    expect(await ben.page.locator("#message-list b").count()).toBe(0);
    await ann.page.locator("#message-list li[data-seq='1']").waitFor();
    expect(await ann.page.locator("#message-list li").count()).toBe(1);
    // Members see no moderation controls.
    expect(await ben.page.locator("details.mod").count()).toBe(0);
    // The new message is announced politely to the other member.
    expect(await ben.page.locator("#announcer").innerText()).toContain("Hi Ben <b>not bold</b>");

    await ben.page.fill("#composer", "Hello Ann");
    await ben.page.press("#composer", "Enter");
    await ann.page.locator("#message-list li[data-seq='2']").waitFor();
    await ann.page.screenshot({ path: path.join(SCREENSHOTS, "room.png") });
  });

  it("turns the join button on by itself when the session's window opens", async () => {
    const { id: peerId } = await server.createUser("peer", "soon").then((u) => ({ id: u.user.id }));
    // Starts in 15 minutes; members may join from 10 minutes before.
    const soon = await scheduleSession("Soon circle", [peerId], 15);
    const { user, password } = await server.createUser("member", "waiter");
    const { page, errors } = await openPage(browser);
    pageErrors.push(errors);
    await page.clock.install();
    await signInThroughForm(page, server.url, user.username, password);
    let listLoads = 0;
    page.on("request", (r) => void (new URL(r.url()).pathname === "/api/sessions" && listLoads++));
    const join = page.locator(`[data-session-id='${soon.id}']`).getByRole("button", { name: "Join" });
    await join.waitFor();
    expect(await join.isDisabled()).toBe(true);
    const loadsBefore = listLoads;
    // Move the wall clock past the opening without firing timers (a long jump would also time out
    // the socket's heartbeat and reload the list on reconnect), then let the screen's own check run.
    await page.clock.setSystemTime(Date.now() + 6 * 60_000);
    await page.clock.fastForward("00:21");
    await page.waitForSelector(`[data-session-id='${soon.id}'] button:has-text('Join'):not([disabled])`);
    // The screen worked it out from the clock, not from fetching the list again.
    expect(listLoads).toBe(loadsBefore);
  });

  it("gives the session's facilitator the room controls, and shows their effects to members in plain words", async () => {
    const peer = await server.createUser("peer", "host");
    const session = await scheduleSession("Facilitated circle", [peer.user.id]);
    const { page: host, errors } = await openPage(browser);
    pageErrors.push(errors);
    await signInThroughForm(host, server.url, peer.user.username, peer.password);
    await host.click("button.nav-item[data-view='sessions']");
    await host.locator(`[data-session-id='${session.id}']`).getByRole("button", { name: "Join" }).click();
    const member = await signIn("member", "cat", { width: 360, height: 740 });
    await member.page.locator(`[data-session-id='${session.id}']`).getByRole("button", { name: "Join" }).click();
    await host.waitForSelector("#presence-list li:nth-child(2)");

    await host.click(".room-controls summary");
    await host.fill("#pin-body", "Be kind; what is said here stays here.");
    await host.getByRole("button", { name: "Pin announcement" }).click();
    await member.page.waitForSelector("#room-pinned:has-text('Be kind')");
    await host.selectOption("#slow-mode", "30");
    await host.getByRole("button", { name: "Set slow mode" }).click();
    await member.page.waitForSelector("#room-notice:has-text('one message every 30 seconds')");
    await host.click("#lock-room");
    await member.page.waitForSelector("#room-notice:has-text('paused the conversation')");
    expect(await member.page.locator("#composer").isDisabled()).toBe(true);
    await member.page.screenshot({ path: path.join(SCREENSHOTS, "room-phone.png") });
    await host.click("#lock-room");
    await member.page.waitForSelector("#composer:not([disabled])");

    await member.page.fill("#composer", "Thanks for having me");
    await member.page.press("#composer", "Enter");
    await host.locator("#message-list li[data-seq='1']").waitFor();
    // The facilitator mutes the member from the presence list.
    const actions = host.locator("#presence-list li", { hasText: "cat" }).locator("details.mod");
    await actions.locator("summary").click();
    await actions.getByRole("button", { name: "Mute", exact: true }).click();
    await member.page.waitForSelector("#room-notice:has-text('muted you')");
    expect(await member.page.locator("#composer").isDisabled()).toBe(true);
    // Coming back to the room, the member is told at once, before trying to send.
    await member.page.reload();
    await member.page.waitForSelector("#room-title:has-text('Facilitated')");
    await member.page.waitForSelector("#room-notice:has-text('muted you')");
    expect(await member.page.locator("#composer").isDisabled()).toBe(true);
    // And deletes the message: everyone sees that it was removed, not what it said.
    const msg = host.locator("#message-list li[data-seq='1'] details.mod");
    await msg.locator("summary").click();
    await msg.getByRole("button", { name: "Delete this message" }).click();
    await member.page.waitForSelector("#message-list li[data-seq='1']:has-text('This message was deleted')");
    await host.screenshot({ path: path.join(SCREENSHOTS, "room-facilitator.png") });

    // A warning needs a reason, which the member reads; then the facilitator removes them.
    // (The member's reload redrew their entry in the presence list, closing its menu.)
    if ((await actions.getAttribute("open")) === null) await actions.locator("summary").click();
    await actions.getByRole("button", { name: "Warn" }).click();
    await actions.locator("[role='status']:has-text('Give a reason to warn')").waitFor();
    // Each action has its own reason, emptied once used, so none is sent again with the next action.
    const warnReason = actions.getByLabel(/^Reason for warn/);
    await warnReason.fill("Please keep others' stories private.");
    await actions.getByRole("button", { name: "Warn" }).click();
    await member.page.waitForSelector("#room-notice:has-text('sent you a warning. Reason: Please keep')");
    await actions.locator("[role='status']:has-text('was warned')").waitFor();
    expect(await warnReason.inputValue()).toBe("");
    expect(await actions.getByLabel(/^Reason for remove/).inputValue()).toBe("");
    await actions.getByRole("button", { name: "Remove" }).click();
    await member.page.waitForSelector("#room-notice:has-text('removed you from this session')");
    // The person's entry leaves the presence list with its menu, so the outcome is read from the live region.
    await host.locator("#announcer:has-text('removed from this session and cannot come back to it')").waitFor({ state: "attached" });
    await host.locator("#presence-list li", { hasText: "cat" }).waitFor({ state: "detached" });
    expect(await member.page.locator("#composer").isDisabled()).toBe(true);
  });

  it("says in plain words when the session ends, and stops the sending", async () => {
    const { token } = await server.connectAs("moderator", "ender");
    const peer = await server.createUser("peer", "ending");
    const res = await api<{ sessions: Session[] }>(server.url, token, "POST", "/api/sessions", {
      title: "Ending circle",
      startsAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      capacity: 5,
      facilitatorIds: [peer.user.id],
    });
    expect(res.status).toBe(201);
    const { page } = await signIn("member", "stayer");
    await page.locator(".session", { hasText: "Ending circle" }).getByRole("button", { name: "Join" }).click();
    await page.waitForSelector("#room-title:has-text('Ending circle')");
    expect(await page.locator("#composer").isDisabled()).toBe(false);
    // Bring the end forward to now, once the member is in, so a slow sign-in cannot miss it.
    const sessionId = (res.body.sessions[0] as Session).id;
    const moved = await api(server.url, token, "PATCH", `/api/sessions/${sessionId}`, { endsAt: new Date(Date.now() + 1_000).toISOString() });
    expect(moved.status).toBe(200);
    // The server announces the end once; the room says so and the message box closes.
    await page.waitForSelector("#room-notice:has-text('This session has ended')", { timeout: 20_000 });
    expect(await page.locator("#composer").isDisabled()).toBe(true);
  });

  it("opens the help panel with the support lines for the author of a crisis message, and for no one else", async () => {
    const mod = await server.connectAs("moderator");
    expectOk(await request(mod.socket, "room:create", { name: "Support room" }));
    const author = await signIn("member", "cal");
    const other = await signIn("member", "dee");
    for (const { page } of [author, other]) await page.getByRole("button", { name: "Support room" }).click();
    await other.page.waitForSelector("#presence-list li:nth-child(2)");
    // The deployment's lines are in the panel from the start, for anyone who opens it.
    expect(await author.page.locator("#help-resources li").count()).toBeGreaterThan(0);

    await author.page.fill("#composer", "I don't want to be alive anymore");
    await author.page.press("#composer", "Enter");
    await other.page.locator("#message-list li[data-seq='1']").waitFor();
    await author.page.locator("#help-panel").waitFor({ state: "visible" });
    expect(await author.page.locator("#help-message").innerText()).toContain("You don't have to go through this alone");
    await other.page.waitForTimeout(300);
    expect(await other.page.locator("#help-panel").isHidden()).toBe(true);
    await author.page.screenshot({ path: path.join(SCREENSHOTS, "support-offered.png") });
  });

  it("shows the newest messages first and scrolls back through the history on request", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Long room" }));
    const { socket: writer } = await server.connectAs("member", "writer");
    expectOk(await request(writer, "room:join", { roomId: room.id }));
    for (let i = 1; i <= 60; i++) expectOk(await request(writer, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: `message number ${i}` }));

    const { page } = await signIn("member", "reader");
    await page.getByRole("button", { name: "Long room" }).click();
    await page.locator("#message-list li[data-seq='60']").waitFor();
    const seqs = () => page.locator("#message-list li").evaluateAll((lis) => lis.map((li) => Number(li.getAttribute("data-seq"))));
    expect(await seqs()).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    await page.click("#load-earlier");
    await page.locator("#message-list li[data-seq='1']").waitFor();
    expect(await seqs()).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await page.locator("#load-earlier").isHidden()).toBe(true);
  });

  it("keeps the create-room form from members and shows it to moderators", async () => {
    const member = await signIn("member", "plain");
    await member.page.waitForSelector("#room-list");
    expect(await member.page.locator("#create-room").count()).toBe(0);
    expect(await member.page.locator("button.nav-item[data-view='flags']").count()).toBe(0);
    const moderator = await signIn("moderator", "mod");
    await moderator.page.click("button.nav-item[data-view='sessions']");
    await moderator.page.fill("#create-room-name", "Made in the browser");
    await moderator.page.click("#create-room-submit");
    await moderator.page.getByRole("button", { name: "Made in the browser", exact: true }).waitFor();
    expect((await server.store.rooms.list()).some((r) => r.name === "Made in the browser")).toBe(true);

    // Refusals are shown by the field, not dropped: a taken name (in any case) and a blank one.
    const error = moderator.page.locator("#create-room-error");
    await moderator.page.fill("#create-room-name", "  made IN the browser ");
    await moderator.page.click("#create-room-submit");
    await error.filter({ hasText: "already a room called" }).waitFor();
    expect(await moderator.page.getAttribute("#create-room-name", "aria-invalid")).toBe("true");
    expect((await server.store.rooms.list()).filter((r) => r.name.toLowerCase() === "made in the browser")).toHaveLength(1);
    await moderator.page.fill("#create-room-name", "   ");
    await moderator.page.click("#create-room-submit");
    await error.filter({ hasText: "Give the room a name." }).waitFor();
  });

  it("signs out: back to the sign-in form, the token gone from sessionStorage, and a reload stays signed out", async () => {
    const { page } = await signIn("member", "quitter");
    await page.waitForSelector("#session-list");
    expect(await page.evaluate("sessionStorage.getItem('haven.session')")).not.toBeNull();
    await page.click("#sign-out");
    await page.waitForSelector("#login-form:not([hidden])");
    expect(await page.locator("#nav").isHidden()).toBe(true);
    expect(await page.locator("#view").isHidden()).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('haven.session')")).toBeNull();
    await page.reload();
    await page.waitForSelector("#login-form:not([hidden])");
    expect(await page.locator("#connection-status").innerText()).toBe("offline");
  });

  it("keeps a signed-in member signed in, on the same screen, across a reload", async () => {
    const { page } = await signIn("member", "reloader");
    await page.click("button.nav-item[data-view='conversations']");
    await page.reload();
    await page.waitForSelector("#connection-status.connected");
    expect(await page.locator("button.nav-item[aria-current='page']").getAttribute("data-view")).toBe("conversations");
  });

  it("shows a wrong password as an error and stays on the sign-in form", async () => {
    const { page } = await openPage(browser);
    await page.goto(server.url);
    await page.fill("#login-username", "nobody");
    await page.fill("#login-password", "wrong password");
    await page.click("#login-submit");
    await page.waitForSelector("#login-error:has-text('Wrong username or password')");
    await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in.png") });
  });
});
