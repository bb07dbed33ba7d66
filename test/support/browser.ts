/** Debian's Chromium, headless, driven by playwright-core (which never downloads a browser of its own). */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { serviceBin } from "./services";

export async function launchBrowser(): Promise<Browser> {
  const executablePath = serviceBin("chromium");
  if (!executablePath) throw new Error("chromium is not installed");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      // The machine's network is closed: without these Chromium keeps trying to reach its services.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The server serves dist/client; build it from the current source so the test sees what it tests. */
export function buildClient(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, "../../client/build.mjs")], { stdio: "inherit" });
}
