import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

// From bench/ under tsx, or dist-bench/bench/ once compiled: the repository root is the one with docs/.
const FILE = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === "dist-bench" ? "../../docs/benchmarks.md" : "../docs/benchmarks.md");
const HEADER = "# Benchmarks\n\nMeasured by the scripts in `bench/`; each section says its command. Numbers depend on the machine: compare runs on the same one.\n";

/** Replaces one named section of docs/benchmarks.md, keeping the others. */
export function writeBenchmarkSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const machine = `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
  const block = `${begin}\n${markdown}\n\n${machine}\n${end}`;
  let doc = existsSync(FILE) ? readFileSync(FILE, "utf8") : HEADER;
  const at = doc.indexOf(begin);
  if (at >= 0) {
    const stop = doc.indexOf(end, at);
    doc = doc.slice(0, at) + block + doc.slice(stop + end.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(FILE, doc);
}
