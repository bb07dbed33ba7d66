// Bundles the browser client into dist/client with esbuild: one script, one stylesheet, one page.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "dist", "client");
mkdirSync(out, { recursive: true });

try {
  await build({
    entryPoints: [path.join(here, "src", "main.ts")],
    outfile: path.join(out, "app.js"),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "esm",
    target: "es2020",
    logLevel: "warning",
  });
  for (const f of ["index.html", "styles.css"]) copyFileSync(path.join(here, "public", f), path.join(out, f));
} catch {
  process.exit(1);
}
