import { existsSync } from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";

/** The package root, whether running from server/src (tsx) or dist/server/src (built). */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export function staticClient(dir = path.join(packageRoot(), "dist", "client")): RequestHandler {
  if (!existsSync(path.join(dir, "index.html"))) {
    return (_req, res) => {
      res.status(503).type("text/plain").send("The browser client is not built yet: run `npm run build`.");
    };
  }
  return express.static(dir, { index: "index.html", maxAge: "1h" });
}
