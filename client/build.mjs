// Bundles the browser client into dist/client with esbuild: one script, one stylesheet, one page.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "dist", "client");
mkdirSync(out, { recursive: true });

// Tests build while other tests' servers serve dist/client: replace each file whole, never half-written.
const replace = (file, write) => {
  const tmp = `${file}.${process.pid}.tmp`;
  write(tmp);
  renameSync(tmp, file);
};

try {
  const result = await build({
    entryPoints: [path.join(here, "src", "main.ts")],
    outfile: path.join(out, "app.js"),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "esm",
    target: "es2020",
    logLevel: "warning",
    write: false,
  });
  for (const f of result.outputFiles) replace(f.path, (tmp) => writeFileSync(tmp, f.contents));
  for (const f of ["index.html", "styles.css"]) replace(path.join(out, f), (tmp) => copyFileSync(path.join(here, "public", f), tmp));
} catch {
  process.exit(1);
}
