/**
 * Data encryption keys: a wrong or missing key stops the server at start-up with a clear message,
 * and rotation re-seals everything under a new key while it stays readable, on both stores.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFieldCipher, parseDataKeys } from "../../server/src/storage/encryption/field-cipher";
import { checkDataKeys, DataKeyError } from "../../server/src/storage/encryption/key-check";
import { rotateDataKeys } from "../../server/src/storage/encryption/rotate";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import type { Store } from "../../server/src/storage/ports";
import { SEALED_KINDS } from "../../server/src/storage/sealed-ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { describeWithService, mongoForTests } from "../support/services";
import { expectOk, request, startTestServer } from "../support/server";
import { expectReadable, writeEverything } from "./scene";

jest.setTimeout(60_000);

const keyA = `a:${randomBytes(32).toString("base64")}`;
const keyB = `b:${randomBytes(32).toString("base64")}`;
const root = path.resolve(__dirname, "../..");

describe("DATA_ENCRYPTION_KEYS", () => {
  it.each([
    ["a key of the wrong length", `k1:${randomBytes(16).toString("base64")}`, /32 bytes/],
    ["an entry without an id", randomBytes(32).toString("base64"), /id:base64/],
    ["the same id twice", `${keyA},${keyA}`, /unique/],
  ])("refuses %s", (_name, spec, message) => {
    expect(() => parseDataKeys(spec)).toThrow(message);
  });

  /** Starts the real entry point on the data directory and returns its exit code and error output. */
  function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/src/index.ts")], {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "error", JWT_SECRET: "x".repeat(40), ...env },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      // A server that starts is a failure here: it would have served with the wrong key.
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  it("stops the start with a clear error for a key that is not the one that sealed the data, or not listed, or missing in production", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "haven-keys-"));
    try {
      const store = openSqliteStore({ file: path.join(dataDir, "haven.sqlite") });
      await checkDataKeys(store.sealed, createFieldCipher(parseDataKeys(keyA)));
      await store.close();
      const wrong = await start(dataDir, { DATA_ENCRYPTION_KEYS: `a:${randomBytes(32).toString("base64")}` });
      expect(wrong).toMatchObject({ code: 78, stderr: expect.stringContaining('key "a" is not the key that sealed the data') as string });
      const unlisted = await start(dataDir, { DATA_ENCRYPTION_KEYS: keyB });
      expect(unlisted).toMatchObject({ code: 78, stderr: expect.stringContaining('sealed with key "a", which is not listed') as string });
      const missing = await start(dataDir, { NODE_ENV: "production" });
      expect(missing).toMatchObject({ code: 78, stderr: expect.stringContaining("DATA_ENCRYPTION_KEYS: required when NODE_ENV=production") as string });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function rotationSuite(openRaw: () => Promise<Store>) {
  it("re-seals everything under the new key, keeps it readable, leaves erased text erased, and lets the old key go", async () => {
    const marker = `rotate${randomBytes(5).toString("hex")}`;
    const before = await startTestServer({ store: await openRaw(), env: { DATA_ENCRYPTION_KEYS: keyA, MESSAGE_RATE_LIMIT: "1000" } });
    const w = await writeEverything(before, marker);
    // A moderator's delete before the rotation: it must stay erased.
    const doomed = expectOk(await request(w.member.socket, "message:send", { roomId: w.roomId, clientMsgId: "c2a6c1d2-3b7e-4f0e-9d55-6a3c6f1a0b11", body: `erase me ${marker}` }));
    expectOk(await request(w.staff.socket, "message:delete", { roomId: w.roomId, messageId: doomed.id }));
    await before.close();

    const raw = await openRaw();
    try {
      const onlyB = createFieldCipher(parseDataKeys(keyB));
      await expect(checkDataKeys(raw.sealed, onlyB)).rejects.toBeInstanceOf(DataKeyError);
      const both = createFieldCipher(parseDataKeys(`${keyB},${keyA}`));
      const report = await rotateDataKeys(raw.sealed, both, { batch: 2, pauseMs: 0 });
      expect(report.changed.messages).toBeGreaterThanOrEqual(3);
      expect(report.changed.pinned).toBe(1);
      expect(report.changed.flags).toBeGreaterThanOrEqual(2);
      expect(report.changed.reports).toBe(1);
      // Run again, it finds nothing left to do: interrupted, it is simply run again.
      const again = await rotateDataKeys(raw.sealed, both, { batch: 2, pauseMs: 0 });
      for (const kind of SEALED_KINDS) expect(again.changed[kind]).toBe(0);
      // The old key may now be dropped.
      await checkDataKeys(raw.sealed, onlyB);
      const erased = (await raw.messages.findById(w.roomId, doomed.id))!;
      expect(erased.body).toBe("");
    } finally {
      await raw.close();
    }

    const after = await startTestServer({ store: await openRaw(), env: { DATA_ENCRYPTION_KEYS: keyB } });
    try {
      const staff = await after.connect(w.staff.token);
      const member = await after.connect(w.member.token);
      await expectReadable(after, { ...w, staff: { ...w.staff, socket: staff }, member: { ...w.member, socket: member } }, marker);
    } finally {
      await after.close();
    }
  });
}

describe("rotation on SQLite", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-rotate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  rotationSuite(async () => openSqliteStore({ file: path.join(dir, "haven.sqlite") }));
});

describeWithService("ferretdb", "rotation on MongoDB", () => {
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  let uri: string;
  beforeAll(async () => {
    mongo = await mongoForTests();
    uri = mongo.uri(`haven_rotate_${randomBytes(6).toString("hex")}`);
  }, 60_000);
  afterAll(() => mongo?.stop());
  rotationSuite(() => openMongoStore({ uri, autoIndex: true, writeConcern: { w: "majority", journal: true }, serverSelectionTimeoutMs: 2000 }));
});
