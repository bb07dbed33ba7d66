/**
 * npm run crisis:export-labels, as an operator runs it: a separate process opening the same store
 * as a running server, through the same configuration.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { FlagLabelLine, FlagSummary } from "../../shared/dto";
import { expectOk, nextEvent, request, roomWithMembers, startTestServer, TEST_DATA_KEYS, type TestServer } from "../support/server";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

let server: TestServer;
let moderator: Client;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer({ env: { SESSION_TICK_SECONDS: "300", MESSAGE_RATE_LIMIT: "1000" } });
  moderator = await server.connectAs("moderator");
  admin = await server.connectAs("admin");
});
afterAll(() => server.close());

function exportLabels(args: string[]) {
  const env = { PATH: process.env.PATH, NODE_ENV: "test", DATA_DIR: server.config.dataDir, JWT_SECRET: "test-secret-that-is-long-enough-0123456789", DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS, LOG_LEVEL: "silent" };
  return spawnSync(process.execPath, [tsx, path.join(root, "server/src/cli/crisis-export-labels.ts"), ...args], { env, encoding: "utf8" });
}

/** Each member of a fresh room raises one flag with one message. */
async function flagsFrom(bodies: string[]): Promise<{ roomId: string; flags: FlagSummary[]; messageIds: string[] }> {
  const { room, members } = await roomWithMembers(server, moderator.socket, bodies.length);
  const flags: FlagSummary[] = [];
  const messageIds: string[] = [];
  for (const [i, body] of bodies.entries()) {
    const raised = nextEvent(moderator.socket, "flag:raised");
    messageIds.push(expectOk(await request(members[i]!.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body })).id);
    flags.push(await raised);
  }
  return { roomId: room.id, flags, messageIds };
}

const resolve = async (flagId: string, outcome: string) => expectOk(await request(moderator.socket, "flag:resolve", { flagId, outcome }));

describe("npm run crisis:export-labels", () => {
  it("prints one labelled line per resolved flag, skips deleted messages and open flags, and records the export in the audit log", async () => {
    const { roomId, flags, messageIds } = await flagsFrom(["I want to kill myself tonight", "I have been cutting myself again", "I want to die", "honestly I wish I was dead"]);
    const [fp, contacted, deleted] = flags as [FlagSummary, FlagSummary, FlagSummary, FlagSummary];
    await resolve(fp.id, "false_positive");
    await resolve(contacted.id, "contacted");
    await resolve(deleted.id, "safe");
    expectOk(await request(moderator.socket, "message:delete", { roomId, messageId: messageIds[2]! }));

    const run = exportLabels(["--admin", admin.user.username]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as FlagLabelLine);
    expect(lines).toEqual([
      { id: fp.id, text: "I want to kill myself tonight", label: "no_alert", outcome: "false_positive", severity: "imminent", categories: expect.arrayContaining(["suicidal_ideation", "plan_timing"]), entryIds: expect.arrayContaining(["ideation.kill-self", "plan.timing"]), lang: "en", resolvedAt: expect.any(String) },
      { id: contacted.id, text: "I have been cutting myself again", label: "alert", outcome: "contacted", severity: "high", categories: ["self_harm"], entryIds: ["self-harm.acts"], lang: "en", resolvedAt: expect.any(String) },
    ]);

    const [entry] = await server.store.audit.query({ action: "flag.export_labels", limit: 1 });
    expect(entry).toMatchObject({ actorId: admin.user.id, actorRole: "admin", details: { count: 2, skipped: 1, since: null, via: "cli" } });
    expect(JSON.stringify(entry)).not.toContain("cutting");
  }, 30_000);

  it("writes to a file readable by its owner only, filtered by resolution time", async () => {
    const { flags } = await flagsFrom(["I want to end my life"]);
    const since = new Date().toISOString();
    await resolve(flags[0]!.id, "referred");
    const out = path.join(server.config.dataDir, "labels.jsonl");
    const run = exportLabels(["--admin", admin.user.id, "--out", out, "--since", since]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`Exported 1 labelled flags to ${out}.\n`);
    expect(readFileSync(out, "utf8").trimEnd().split("\n").map((l) => (JSON.parse(l) as FlagLabelLine).id)).toEqual([flags[0]!.id]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  }, 30_000);

  it("refuses anyone who is not an admin now, an unknown account and a bad date, without exporting or auditing anything", async () => {
    const before = (await server.store.audit.query({ action: "flag.export_labels", limit: 100 })).length;
    const notAdmin = exportLabels(["--admin", moderator.user.username]);
    expect(notAdmin.status).toBe(1);
    expect(notAdmin.stdout).toBe("");
    expect(notAdmin.stderr).toBe(`${moderator.user.username} is not an admin.\n`);
    expect(exportLabels(["--admin", "nobody-here"]).stderr).toBe("No account nobody-here.\n");
    // The role is read from the account when the command runs: a former admin is refused.
    const former = (await server.createUser("admin")).user;
    await server.store.users.setRole(former.id, "moderator");
    expect(exportLabels(["--admin", former.id]).stderr).toBe(`${former.username} is not an admin.\n`);
    expect(exportLabels(["--admin", admin.user.username, "--since", "last week"]).status).toBe(1);
    expect(exportLabels([]).stderr).toMatch(/^--admin is required/);
    expect((await server.store.audit.query({ action: "flag.export_labels", limit: 100 })).length).toBe(before);
  }, 60_000);
});
