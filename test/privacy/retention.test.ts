/**
 * Retention by age through a running server: old room and private messages and the context of
 * long-resolved flags are gone from history, from flags and (on SQLite) from every file, WAL
 * included, once the ticker sweeps; a room's next message still gets the next seq.
 */
import Database from "better-sqlite3";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { manualClock } from "../support/clock";
import { expectOk, request, startTestServer } from "../support/server";
import { eachStore } from "../support/stores";
import { writeEverything } from "./scene";

jest.setTimeout(60_000);

const DAY_MINUTES = 24 * 60;
const env = {
  MESSAGE_RATE_LIMIT: "1000",
  RETENTION_ROOM_MESSAGES_DAYS: "30",
  RETENTION_PRIVATE_MESSAGES_DAYS: "60",
  RETENTION_FLAG_CONTEXT_DAYS: "90",
  // 0 keeps the audit log for ever.
  RETENTION_AUDIT_DAYS: "0",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The tail of each sealed value as it sits on disk: a stolen key would open these. */
async function sealedTails(raw: Store, w: Awaited<ReturnType<typeof writeEverything>>): Promise<string[]> {
  const out: string[] = [];
  for (const place of [w.roomId, w.conversationId]) for (const m of await raw.messages.history(place, { limit: 100 })) out.push(m.body.slice(-40));
  const flag = (await raw.flags.findById(w.flagId))!;
  for (const c of flag.context) out.push(c.body.slice(-40));
  out.push(flag.notes!.slice(-40));
  return out;
}

describe("retention by age", () => {
  eachStore((openStore) => {
    it("sweeps old room and private messages and long-resolved flag context on the ticker, keeps the seq going, and logs counts only", async () => {
      const clock = manualClock();
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(chunk.toString());
          cb();
        },
      });
      const server = await startTestServer({ store: await openStore(), env, deps: { clock, logger: pino({ level: "info" }, sink) } });
      const raw = server.store.kind === "sqlite" ? openSqliteStore({ file: path.join(server.config.dataDir, "haven.sqlite") }) : undefined;
      try {
        const marker = `heather${randomBytes(6).toString("hex")}`;
        const w = await writeEverything(server, marker);
        const tails = raw ? await sealedTails(raw, w) : [];
        if (raw) expect(tails.every((t) => filesUnder(server.config.dataDir).some((f) => readFileSync(f).includes(t)))).toBe(true);

        // Nothing is old yet.
        expect((await server.app.retention.tick()).swept).toEqual({ roomMessages: 0, privateMessages: 0, flagContext: 0, oncallLog: 0, attendance: 0 });

        clock.advanceMinutes(31 * DAY_MINUTES);
        expect((await server.app.retention.tick()).swept).toMatchObject({ roomMessages: 2, privateMessages: 0, flagContext: 0 });
        const history = expectOk(await request(w.member.socket, "message:history", { roomId: w.roomId }));
        // The room's newest message keeps its place, erased; the one before it is gone.
        expect(history.messages.map((m) => [m.seq, m.body, m.deletedAt !== null])).toEqual([[2, "", true]]);
        const next = expectOk(await request(w.member.socket, "message:send", { roomId: w.roomId, clientMsgId: randomUUID(), body: "still here" }));
        expect(next.seq).toBe(3);
        const dms = expectOk(await request(w.member.socket, "conversation:history", { conversationId: w.conversationId }));
        expect(dms.messages.map((m) => m.body)).toEqual([`private ${marker} I relapsed yesterday`]);
        // Within the same sweep interval no node sweeps again.
        expect((await server.app.retention.tick()).swept).toEqual({});

        clock.advanceMinutes(60 * DAY_MINUTES);
        expect((await server.app.retention.tick()).swept).toMatchObject({ roomMessages: 2, privateMessages: 1, flagContext: 1 });
        expect(expectOk(await request(w.member.socket, "message:history", { roomId: w.roomId })).messages.map((m) => [m.seq, m.body])).toEqual([[3, ""]]);
        expect(expectOk(await request(w.member.socket, "conversation:history", { conversationId: w.conversationId })).messages.map((m) => [m.seq, m.body])).toEqual([[1, ""]]);
        const flag = expectOk(await request(w.staff.socket, "flag:get", { flagId: w.flagId }));
        expect(flag).toMatchObject({ context: [], status: "resolved", outcome: "contacted" });
        expect(JSON.stringify(flag)).not.toContain(marker);
        // The audit log is kept for ever with RETENTION_AUDIT_DAYS=0.
        expect((await server.store.audit.query({ limit: 100 })).length).toBeGreaterThan(0);

        // One line per sweep that swept anything: counts per class, nothing else.
        const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.retention !== undefined);
        expect(logged).toHaveLength(3);
        for (const { level, msg, retention, ...meta } of logged) {
          expect({ level, msg, meta: Object.keys(meta).sort() }).toEqual({ level: 30, msg: expect.stringMatching(/^retention sweep/), meta: ["hostname", "pid", "time"] });
          expect(Object.values(retention as object).every((n) => typeof n === "number")).toBe(true);
        }

        if (raw) {
          expect((await raw.messages.history(w.roomId, { after: 0, limit: 100 })).map((m) => [m.seq, m.body])).toEqual([[3, ""]]);
          expect((await raw.flags.findById(w.flagId))).toMatchObject({ context: [], notes: null });
          for (const t of tails) expect({ tail: t, found: filesUnder(server.config.dataDir).some((f) => readFileSync(f).includes(t)) }).toEqual({ tail: t, found: false });
        }
      } finally {
        await raw?.close();
        await server.close();
      }
    });
  });

  eachStore((openStore) => {
    it("takes the reactions of the messages it removes or erases, in rooms and conversations", async () => {
      const clock = manualClock();
      const server = await startTestServer({ store: await openStore(), env, deps: { clock } });
      try {
        const w = await writeEverything(server, `fern${randomBytes(6).toString("hex")}`);
        const room = expectOk(await request(w.member.socket, "message:history", { roomId: w.roomId })).messages;
        const [dm] = expectOk(await request(w.member.socket, "conversation:history", { conversationId: w.conversationId })).messages;
        for (const m of room) expectOk(await request(w.staff.socket, "reaction:set", { roomId: w.roomId, messageId: m.id, emoji: "🤗", on: true }));
        expectOk(await request(w.member.socket, "conversation:reaction_set", { conversationId: w.conversationId, messageId: dm!.id, emoji: "🙏", on: true }));
        const ids = [...room.map((m) => m.id), dm!.id];
        expect((await server.store.reactions.tallies(ids, w.member.user.id)).size).toBe(3);

        clock.advanceMinutes(61 * DAY_MINUTES);
        expect((await server.app.retention.tick()).swept).toMatchObject({ roomMessages: 2, privateMessages: 1 });
        expect((await server.store.reactions.tallies(ids, w.member.user.id)).size).toBe(0);
        expect(await server.store.personal.reactionsBy(w.staff.user.id)).toEqual([]);
        expect(await server.store.personal.reactionsBy(w.member.user.id)).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });

  it("sweeps each class on exactly one of two nodes sharing a store, whichever wins its claim", async () => {
    const clock = manualClock();
    const a = await startTestServer({ env, deps: { clock } });
    const b = await startTestServer({ env, store: openSqliteStore({ file: path.join(a.config.dataDir, "haven.sqlite") }), deps: { clock } });
    try {
      clock.advanceMinutes(100 * DAY_MINUTES);
      const [ra, rb] = await Promise.all([a.app.retention.tick(), b.app.retention.tick()]);
      const classes = ["roomMessages", "privateMessages", "flagContext", "oncallLog", "attendance"];
      expect([...Object.keys(ra.swept), ...Object.keys(rb.swept)].sort()).toEqual([...classes].sort());
      expect([...ra.failed, ...rb.failed]).toEqual([]);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("keeps the SQLite audit log append-only outside a sweep", async () => {
    const server = await startTestServer({ env });
    try {
      await writeEverything(server, "audit");
      const db = new Database(path.join(server.config.dataDir, "haven.sqlite"));
      try {
        expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
        expect(() => db.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/);
      } finally {
        db.close();
      }
    } finally {
      await server.close();
    }
  });
});
