/**
 * What people write is sealed at rest on both stores: nothing of a room message, a private message,
 * a flag's frozen context or notes, or pinned text can be found in the database's files, while
 * everyone entitled still reads it as written.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isSealed } from "../../server/src/storage/encryption/field-cipher";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { describeWithService, mongoForTests } from "../support/services";
import { expectOk, request, startTestServer } from "../support/server";
import { expectReadable, writeEverything } from "./scene";

jest.setTimeout(60_000);

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The same data through a store handle without the keys: only sealed values. */
async function expectSealed(raw: Store, w: Awaited<ReturnType<typeof writeEverything>>) {
  for (const place of [w.roomId, w.conversationId]) {
    const stored = await raw.messages.history(place, { limit: 100 });
    expect(stored.length).toBeGreaterThan(0);
    for (const m of stored) expect(isSealed(m.body)).toBe(true);
  }
  const flag = (await raw.flags.findById(w.flagId))!;
  for (const c of flag.context) expect(isSealed(c.body)).toBe(true);
  expect(isSealed(flag.notes!)).toBe(true);
  expect(isSealed((await raw.rooms.findById(w.roomId))!.pinned!.body)).toBe(true);
  const [report] = await raw.reports.by(w.reporter.id);
  expect(isSealed(report!.note!)).toBe(true);
}

const noMarkerIn = (files: string[], marker: string) => {
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect({ file: path.basename(f), found: readFileSync(f).includes(marker) }).toEqual({ file: path.basename(f), found: false });
};

describe("encryption at rest on SQLite", () => {
  it("leaves no message, context, note or pinned text in any file of DATA_DIR, WAL included, and reads all of it back", async () => {
    const server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "1000" } });
    try {
      const marker = `marigold${randomBytes(6).toString("hex")}`;
      const w = await writeEverything(server, marker);
      await expectReadable(server, w, marker);
      const raw = openSqliteStore({ file: path.join(server.config.dataDir, "haven.sqlite") });
      try {
        await expectSealed(raw, w);
      } finally {
        await raw.close();
      }
      // While the server runs: the WAL holds the latest writes.
      noMarkerIn(filesUnder(server.config.dataDir), marker);
    } finally {
      await server.close();
    }
  });
});

describe("deleted means gone on SQLite", () => {
  it("leaves nothing of a deleted message, sealed or not, in history, in the flags that froze it, or in any file, WAL included", async () => {
    const server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "1000" } });
    try {
      const marker = `thistle${randomBytes(6).toString("hex")}`;
      const w = await writeEverything(server, marker);
      const raw = openSqliteStore({ file: path.join(server.config.dataDir, "haven.sqlite") });
      try {
        const [doxx] = (await raw.messages.history(w.roomId, { limit: 1, after: 0 }));
        // The sealed value itself, as it sits on disk: what a stolen key would open.
        const sealed = doxx!.body.slice(-40);
        expect(filesUnder(server.config.dataDir).some((f) => readFileSync(f).includes(sealed))).toBe(true);
        expectOk(await request(w.staff.socket, "message:delete", { roomId: w.roomId, messageId: doxx!.id }));
        expect((await raw.messages.findById(w.roomId, doxx!.id))!.body).toBe("");
        const flag = (await raw.flags.findById(w.flagId))!;
        expect(flag.context.find((m) => m.id === doxx!.id)).toMatchObject({ body: "", erasedBy: w.staff.user.id });
        noMarkerIn(filesUnder(server.config.dataDir), sealed);
      } finally {
        await raw.close();
      }
    } finally {
      await server.close();
    }
  });
});

describeWithService("ferretdb", "encryption at rest on MongoDB", () => {
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  beforeAll(async () => {
    mongo = await mongoForTests();
  }, 60_000);
  afterAll(() => mongo?.stop());

  it("stores only sealed values (and, on FerretDB, none of the text in its files), and reads all of it back", async () => {
    const uri = mongo.uri(`haven_at_rest_${randomBytes(6).toString("hex")}`);
    const open = () => openMongoStore({ uri, autoIndex: true, writeConcern: { w: "majority", journal: true }, serverSelectionTimeoutMs: 2000 });
    const server = await startTestServer({ store: await open(), env: { MESSAGE_RATE_LIMIT: "1000" } });
    try {
      const marker = `marigold${randomBytes(6).toString("hex")}`;
      const w = await writeEverything(server, marker);
      await expectReadable(server, w, marker);
      const raw = await open();
      try {
        await expectSealed(raw, w);
      } finally {
        await raw.close();
      }
      if (mongo.service) noMarkerIn(filesUnder(mongo.service.dir), marker);
    } finally {
      await server.close();
    }
  });
});
