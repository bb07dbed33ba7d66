/**
 * The browser client's budget and its CSP promises, checked on the real build: at most 100 KB of
 * gzipped JavaScript in total (socket.io-client included), no way for markup to be parsed from
 * strings in the bundle, and a served page with no inline script or style and no external URL.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildClient } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const DIST = path.resolve(__dirname, "../../dist/client");
const BUDGET_BYTES = 100 * 1024;

describe("the built browser client", () => {
  jest.setTimeout(60_000);
  let server: TestServer;

  beforeAll(async () => {
    buildClient();
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const scripts = () => readdirSync(DIST).filter((f) => f.endsWith(".js"));

  it("ships at most 100 KB of gzipped JavaScript in total", () => {
    const files = scripts();
    expect(files.length).toBeGreaterThan(0);
    const total = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(DIST, f)), { level: 9 }).length, 0);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    // Guards against a build that silently left socket.io-client out.
    expect(readFileSync(path.join(DIST, "app.js"), "utf8")).toContain("socket.io");
  });

  it("never turns strings into markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval in the bundle", () => {
    for (const f of scripts()) {
      const js = readFileSync(path.join(DIST, f), "utf8");
      for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"]) expect(js).not.toContain(sink);
    }
  });

  it("serves a page with no inline script or style and no external URL, under a strict CSP", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Every script is an external file from this origin; no inline code, handlers or styles.
    const scriptTags = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(tag).toMatch(/^<script\b[^>]*\bsrc="\/[^/"][^"]*"[^>]*><\/script>$/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    // No other host: no absolute or protocol-relative URL anywhere in the page or the stylesheet.
    const css = await (await fetch(`${server.url}/styles.css`)).text();
    for (const text of [html, css]) expect(text).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });
});
