/**
 * Optimistic sending: a message shows as pending until its ack, then as sent; when no ack comes it
 * shows as failed, and Retry sends it again under the same clientMsgId, so it is stored and shown
 * once. The test stands between the page and the server and holds or drops the server's answers.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { browserSuite, openPage, SCREENSHOTS, signInThroughForm } from "../support/browser";
import { collect, expectOk, request, type TestServer } from "../support/server";
import { describeWithService } from "../support/services";

describeWithService("chromium", "optimistic sending in the browser", () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  browserSuite(undefined, (s) => ({ server, browser } = s));

  it("shows pending then sent, and retries a failed send without storing it twice", async () => {
    const { socket: mod } = await server.connectAs("moderator");
    const room = expectOk(await request(mod, "room:create", { name: "Sending room" }));
    const { socket: other } = await server.connectAs("member", "other");
    expectOk(await request(other, "room:join", { roomId: room.id }));
    const seenByOther = collect(other, "message:created");

    // Socket.IO frames: "42[event,…]" an event, "42<id>[…]" a request, "43<id>[…]" the answer to one.
    let mode: "pass" | "hold" | "drop" = "pass";
    const held: (string | Buffer)[] = [];
    const sentIds: string[] = [];
    let release: () => void = () => undefined;
    const { user, password } = await server.createUser("member", "sender");
    const { page, errors } = await openPage(browser);
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((frame) => {
        const m = /^42\d+\["message:send",(.*)\]$/s.exec(String(frame));
        if (m?.[1]) sentIds.push((JSON.parse(m[1]) as { clientMsgId: string }).clientMsgId);
        upstream.send(frame);
      });
      upstream.onMessage((frame) => {
        const text = String(frame);
        const answer = text.startsWith("43") || text.startsWith('42["message:created"');
        if (!answer || mode === "pass") return ws.send(frame);
        if (mode === "hold") held.push(frame);
      });
      release = () => {
        for (const frame of held.splice(0)) ws.send(frame);
      };
    });
    await signInThroughForm(page, server.url, user.username, password);
    await page.getByRole("button", { name: "Sending room" }).click();
    await page.waitForSelector("#presence-list li:nth-child(2)");

    // Pending until the answer comes through, then sent.
    mode = "hold";
    await page.fill("#composer", "first message");
    await page.press("#composer", "Enter");
    const pending = page.locator("#message-list li.pending");
    await pending.waitFor();
    expect(await pending.innerText()).toContain("Sending…");
    expect(await page.locator("#message-list li[data-seq]").count()).toBe(0);
    mode = "pass";
    release();
    await page.locator("#message-list li[data-seq='1']:has-text('first message')").waitFor();
    expect(await page.locator("#message-list li.pending").count()).toBe(0);

    // No answer at all: the server stored it, but the page cannot know, so it offers Retry.
    mode = "drop";
    await page.fill("#composer", "second message");
    await page.press("#composer", "Enter");
    const failed = page.locator("#message-list li.failed");
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.innerText()).toContain("Not sent");
    await page.screenshot({ path: path.join(SCREENSHOTS, "send-failed.png") });
    mode = "pass";
    await failed.getByRole("button", { name: "Retry" }).click();
    await page.locator("#message-list li[data-seq='2']:has-text('second message')").waitFor();
    expect(await page.locator("#message-list li.failed, #message-list li.pending").count()).toBe(0);
    expect(await page.locator("#message-list li", { hasText: "second message" }).count()).toBe(1);

    // The retry reused the clientMsgId, so the server stored one message and broadcast it once.
    expect(sentIds).toHaveLength(3);
    expect(sentIds[2]).toBe(sentIds[1]);
    const history = expectOk(await request(other, "message:history", { roomId: room.id }));
    expect(history.messages.map((m) => m.body)).toEqual(["first message", "second message"]);
    expect(seenByOther.filter((m) => m.body === "second message")).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
