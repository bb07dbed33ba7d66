/**
 * What a person's data rights cost on a busy deployment: the export and the erasure of an account
 * with many messages, many flags around them and a long audit trail, on SQLite (sealed at rest, as
 * in production). Both run through the domain services, below HTTP. Writes docs/benchmarks.md.
 *
 *   npm run bench:data-rights -- [--messages 20000] [--others 20000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { systemClock } from "../server/src/domain/clock";
import { createServices } from "../server/src/services";
import { encryptStore } from "../server/src/storage/encryption/encrypted-store";
import { createFieldCipher, parseDataKeys } from "../server/src/storage/encryption/field-cipher";
import { openSqliteStore } from "../server/src/storage/sqlite/open-sqlite-store";
import { TEST_DATA_KEYS } from "../test/support/server";
import { writeBenchmarkSection } from "./report";

const { values } = parseArgs({ options: { messages: { type: "string", default: "20000" }, others: { type: "string", default: "20000" } } });
const MINE = Number(values.messages);
const OTHERS = Number(values.others);
const ROOMS = 20;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-bench-rights-"));
  const store = encryptStore(openSqliteStore({ file: path.join(dir, "haven.sqlite") }), createFieldCipher(parseDataKeys(TEST_DATA_KEYS)));
  const services = createServices({ store, clock: systemClock, passwordCost: 10 });
  try {
    const me = await services.accounts.create({ username: "benchmember", password: "correct horse battery staple", role: "member" });
    const other = await services.accounts.create({ username: "benchother", password: "correct horse battery staple", role: "member" });
    const rooms = Array.from({ length: ROOMS }, () => randomUUID());
    const t0 = Date.now();
    let written = 0;
    for (let i = 0; i < MINE + OTHERS; i++) {
      // Interleaved, so the person's messages are spread through every room's history.
      const mine = written < MINE && (i % 2 === 0 || i - written >= OTHERS);
      if (mine) written++;
      const author = mine ? me : other;
      await store.messages.append({ id: randomUUID(), roomId: rooms[i % ROOMS]!, authorId: author.id, authorName: author.displayName, body: `message ${i} about a hard week`, clientMsgId: randomUUID(), createdAt: new Date(t0 + i) });
      if (mine && i % 200 === 0) {
        await store.audit.append({ id: randomUUID(), at: new Date(t0 + i), actorId: other.id, actorRole: "moderator", action: "warn", targetUserId: me.id, roomId: rooms[i % ROOMS]!, sessionId: null, messageId: null, reason: "bench", details: null });
      }
    }
    const actor = { userId: me.id, role: me.role, displayName: me.displayName };
    let started = process.hrtime.bigint();
    const archive = await services.exports.exportFor(actor);
    const exportMs = Number(process.hrtime.bigint() - started) / 1e6;
    const bytes = Buffer.byteLength(JSON.stringify(archive));
    // The longest the event loop was held: what every other socket on the node waits at worst.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    started = process.hrtime.bigint();
    const outcome = await services.erasure.eraseByAdmin({ userId: randomUUID(), role: "admin", displayName: "bench admin" }, me.id);
    const eraseMs = Number(process.hrtime.bigint() - started) / 1e6;
    delay.disable();
    const stallMs = delay.max / 1e6;
    const table = [
      `${MINE.toLocaleString("en")} messages by the person and ${OTHERS.toLocaleString("en")} by someone else in ${ROOMS} rooms, SQLite, sealed at rest.`,
      "",
      "| operation | time | size |",
      "| --- | --- | --- |",
      `| \`GET /api/me/export\` (domain) | ${exportMs.toFixed(0)} ms | ${(bytes / 1024).toFixed(0)} KiB, ${archive.messages.length.toLocaleString("en")} messages, ${archive.audit.length} audit entries |`,
      `| account erasure (\`erase\`) | ${eraseMs.toFixed(0)} ms | ${outcome.erased.length.toLocaleString("en")} bodies erased; the event loop held for ${stallMs.toFixed(0)} ms at most |`,
      "",
      "The messages are erased 500 at a time with the event loop free in between; the rest of the account goes in one transaction.",
    ].join("\n");
    console.log(table);
    writeBenchmarkSection("data-rights", `## Export and erasure of one account\n\nMeasured with \`npm run bench:data-rights\`.\n\n${table}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
