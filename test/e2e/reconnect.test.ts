/**
 * Reconnecting after the server restarts: messages others sent while the tab was cut off, and the
 * one its user wrote meanwhile, each appear exactly once and in order once the tab is back.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { io as connect } from "socket.io-client";
import { buildClient, launchBrowser, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { api } from "../support/api";
import { startRestartableServer, type RestartableServer } from "../support/restartable-server";
import { collect, expectOk, request, type ClientSocket } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "reconnecting after a server restart", () => {
  jest.setTimeout(90_000);
  let server: RestartableServer;
  let browser: Browser;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    buildClient();
    server = await startRestartableServer();
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await server?.close();
  });

  async function tokenFor(username: string, password: string): Promise<string> {
    const res = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    return ((await res.json()) as { token: string }).token;
  }
  async function socketFor(token: string): Promise<ClientSocket> {
    const socket: ClientSocket = connect(server.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  }

  it("shows every message once, none missing, after the server restarts while the tab is cut off", async () => {
    const mod = await server.createUser("moderator");
    const modSocket = await socketFor(await tokenFor(mod.user.username, mod.password));
    const room = expectOk(await request(modSocket, "room:create", { name: "Restart room" }));
    const ann = await server.createUser("member", "ann");
    const ben = await server.createUser("member", "ben");
    const benToken = await tokenFor(ben.user.username, ben.password);

    // The tab's connections pass through a switch, so the test decides when it may reconnect.
    const { page, errors } = await openPage(browser);
    let cutOff = false;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cutOff) return ws.close();
      ws.connectToServer();
    });
    await signInThroughForm(page, server.url, ann.user.username, ann.password);
    await page.getByRole("button", { name: "Restart room" }).click();
    await page.waitForSelector("#room-title:has-text('Restart room')");

    let benSocket = await socketFor(benToken);
    expectOk(await request(benSocket, "room:join", { roomId: room.id }));
    expectOk(await request(benSocket, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body: "before the restart" }));
    await page.locator("#message-list li[data-seq='1']").waitFor();

    cutOff = true;
    await server.stop();
    await page.waitForSelector("#connection-status:not(.connected)");
    await server.start();

    // While the tab is away: Ben sends three messages, and Ann writes one that has to wait.
    benSocket = await socketFor(benToken);
    expectOk(await request(benSocket, "room:join", { roomId: room.id }));
    const seenByBen = collect(benSocket, "message:created");
    for (const body of ["while you were away 1", "while you were away 2", "while you were away 3"]) {
      expectOk(await request(benSocket, "message:send", { roomId: room.id, clientMsgId: crypto.randomUUID(), body }));
    }
    await page.fill("#composer", "written while offline");
    await page.press("#composer", "Enter");
    await page.locator("#message-list li.pending:has-text('written while offline')").waitFor();

    cutOff = false;
    await page.waitForSelector("#connection-status.connected", { timeout: 30_000 });
    await page.locator("#message-list li[data-seq='5']").waitFor();
    const items = await page.locator("#message-list li").evaluateAll((lis) => lis.map((li) => ({ seq: li.getAttribute("data-seq"), text: li.textContent ?? "" })));
    expect(items.map((i) => i.seq)).toEqual(["1", "2", "3", "4", "5"]);
    expect(items[0]?.text).toContain("before the restart");
    expect(items[3]?.text).toContain("while you were away 3");
    expect(items[4]?.text).toContain("written while offline");
    // Ann's message was stored once: Ben got it once, and the room holds five messages.
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByBen.filter((m) => m.body === "written while offline")).toHaveLength(1);
    const history = expectOk(await request(benSocket, "message:history", { roomId: room.id }));
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "reconnected.png") });
    expect(errors.filter((e) => !e.includes("WebSocket"))).toEqual([]);
  });
  it("catches up a private conversation after the restart: missed messages once and in order", async () => {
    const mod = await server.createUser("moderator");
    const member = await server.createUser("member", "dm-member");
    const peer = await server.createUser("peer", "dm-peer");
    const assigned = await api<{ conversationId: string }>(server.url, await tokenFor(mod.user.username, mod.password), "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
    const conversationId = assigned.body.conversationId;
    const peerToken = await tokenFor(peer.user.username, peer.password);

    const { page, errors } = await openPage(browser);
    let cutOff = false;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cutOff) return ws.close();
      ws.connectToServer();
    });
    await signInThroughForm(page, server.url, member.user.username, member.password);
    await page.click("button.nav-item[data-view='conversations']");
    await page.waitForSelector(`#thread-title:has-text('${peer.user.displayName}')`);
    let peerSocket = await socketFor(peerToken);
    expectOk(await request(peerSocket, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body: "before the restart" }));
    await page.locator("#message-list li[data-seq='1']").waitFor();

    cutOff = true;
    await server.stop();
    await page.waitForSelector("#connection-status:not(.connected)");
    await server.start();
    peerSocket = await socketFor(peerToken);
    const seenByPeer = collect(peerSocket, "conversation:message");
    for (const body of ["missed 1", "missed 2", "missed 3"]) {
      expectOk(await request(peerSocket, "conversation:send", { conversationId, clientMsgId: crypto.randomUUID(), body }));
    }

    // Nothing new arrives live after the reconnect: only the catch-up can bring these.
    cutOff = false;
    await page.waitForSelector("#connection-status.connected", { timeout: 30_000 });
    await page.locator("#message-list li[data-seq='4']").waitFor();
    const seqs = await page.locator("#message-list li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-seq")));
    expect(seqs).toEqual(["1", "2", "3", "4"]);
    expect(await page.locator("#message-list li[data-seq='4']").innerText()).toContain("missed 3");

    // Reading them reaches the peer, and a reply goes out once.
    await page.fill("#composer", "I'm back");
    await page.press("#composer", "Enter");
    await page.locator("#message-list li[data-seq='5']").waitFor();
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByPeer.filter((m) => m.body === "I'm back")).toHaveLength(1);
    const history = expectOk(await request(peerSocket, "conversation:history", { conversationId }));
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(errors.filter((e) => !e.includes("WebSocket"))).toEqual([]);
  });
});
