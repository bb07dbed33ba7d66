/**
 * Learning from moderators, through real sockets and real HTTP: flags raised by crisis messages,
 * resolved by a moderator, counted per lexicon entry; shadow entries counted without alerting;
 * resolved flags exported as labelled lines.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry, FlagLabelLine, FlagSummary, LexiconEntryStats, LexiconStatsResponse } from "../../shared/dto";
import { api } from "../support/api";
import { expectOk, nextEvent, request, roomWithMembers, settle, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;
  let admin: Client;

  beforeAll(async () => {
    // A slow tick: shadow counts reach the store only when the tests ask for them.
    server = await startTestServer({ store: await openStore(), env: { SESSION_TICK_SECONDS: "300", MESSAGE_RATE_LIMIT: "1000" } });
    moderator = await server.connectAs("moderator");
    admin = await server.connectAs("admin");
  });
  afterAll(() => server.close());

  const say = (socket: ClientSocket, roomId: string, body: string) => request(socket, "message:send", { roomId, clientMsgId: randomUUID(), body });
  const stats = async (query = "", token = admin.token) => api<LexiconStatsResponse>(server.url, token, "GET", `/api/admin/lexicon/stats${query}`);
  const entry = (res: LexiconStatsResponse, id: string): LexiconEntryStats => res.entries.find((e) => e.entryId === id)!;

  /** Two members each raise a flag in a fresh room; resolves with the flags, as the moderator saw them raised. */
  async function twoFlags(): Promise<{ roomId: string; members: Client[]; suicidal: FlagSummary; selfHarm: FlagSummary; messageIds: string[] }> {
    const { room, members } = await roomWithMembers(server, moderator.socket, 2);
    const first = nextEvent(moderator.socket, "flag:raised");
    const a = expectOk(await say(members[0]!.socket, room.id, "I want to kill myself tonight"));
    const suicidal = await first;
    const second = nextEvent(moderator.socket, "flag:raised");
    const b = expectOk(await say(members[1]!.socket, room.id, "I have been cutting myself again"));
    const selfHarm = await second;
    return { roomId: room.id, members, suicidal, selfHarm, messageIds: [a.id, b.id] };
  }

  const resolve = async (flagId: string, outcome: string) => expectOk(await request(moderator.socket, "flag:resolve", { flagId, outcome }));

  it("counts, per lexicon entry, the flags it raised and what moderators resolved them as", async () => {
    const since = new Date().toISOString();
    const { suicidal, selfHarm } = await twoFlags();
    await resolve(suicidal.id, "false_positive");
    await resolve(selfHarm.id, "safe");

    const res = await stats(`?since=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    expect(res.body.since).toBe(since);
    const killSelf = entry(res.body, "ideation.kill-self");
    expect(killSelf).toMatchObject({ category: "suicidal_ideation", severity: expect.any(String), shadow: false, inLexicon: true });
    expect(killSelf).toMatchObject({ flags: 1, alerts: 1, reviewItems: 0, concernOther: 0, promoted: 0, resolved: 1, falsePositives: 1, falsePositiveRate: 1 });
    expect(killSelf.outcomes).toEqual({ safe: 0, contacted: 0, escalated_emergency: 0, referred: 0, false_positive: 1, other: 0 });
    expect(entry(res.body, "plan.timing")).toMatchObject({ flags: 1, falsePositives: 1 });
    expect(entry(res.body, "self-harm.acts")).toMatchObject({ flags: 1, alerts: 1, resolved: 1, falsePositives: 0, falsePositiveRate: 0, outcomes: expect.objectContaining({ safe: 1 }) });
    // Every entry of the lexicon is listed, also those that raised nothing.
    expect(entry(res.body, "ideation.want-to-die")).toMatchObject({ flags: 0, resolved: 0, falsePositiveRate: null, shadowHits: 0 });
    // Counts only: nothing anyone wrote, nobody's id.
    const body = JSON.stringify(res.body);
    expect(body).not.toContain("tonight");
    expect(body).not.toContain(suicidal.authorId);
  });

  it("counts an open flag as an alert without an outcome, and leaves out flags hit before `since`", async () => {
    const since = new Date().toISOString();
    const { suicidal } = await twoFlags();
    expect((await server.store.flags.findById(suicidal.id))!.entryIds.sort()).toEqual(["cue.time", "ideation.kill-self", "plan.timing"]);
    const res = await stats(`?since=${encodeURIComponent(since)}`);
    expect(entry(res.body, "ideation.kill-self")).toMatchObject({ flags: 1, alerts: 1, resolved: 0, falsePositives: 0, falsePositiveRate: null });
    expect(Object.values(entry(res.body, "ideation.kill-self").outcomes).every((n) => n === 0)).toBe(true);
    const later = await stats(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(entry(later.body, "ideation.kill-self")).toMatchObject({ flags: 0 });
    // A day alone is midnight UTC.
    expect((await stats(`?since=${new Date().toISOString().slice(0, 10)}`)).body.entries.find((e) => e.entryId === "ideation.kill-self")!.flags).toBeGreaterThanOrEqual(1);
  });

  it("refuses the statistics to moderators, peers and members, and asks anonymous callers to sign in", async () => {
    for (const role of ["moderator", "peer", "member"] as const) {
      expect((await stats("", (await server.connectAs(role)).token)).status).toBe(403);
    }
    expect((await api(server.url, null, "GET", "/api/admin/lexicon/stats")).status).toBe(401);
    expect((await stats("?since=yesterday")).status).toBe(400);
  });

  it("counts a shadow entry's matches per day without alerting anyone, and writes them in batches, not per message", async () => {
    const put = await api(server.url, admin.token, "PUT", "/api/admin/lexicon/entries/trial.stats", {
      id: "trial.stats",
      category: "hopelessness_help",
      severity: "elevated",
      patterns: ["running on empty forever"],
      shadow: true,
    });
    expect(put.status).toBe(200);
    const writes = jest.spyOn(server.store.lexiconStats, "addShadowHits");
    try {
      const { room, members } = await roomWithMembers(server, moderator.socket, 1);
      const raised: FlagSummary[] = [];
      moderator.socket.on("flag:raised", (f) => raised.push(f));
      expectOk(await say(members[0]!.socket, room.id, "I am running on empty forever"));
      expectOk(await say(members[0]!.socket, room.id, "hello everyone"));
      expectOk(await say(members[0]!.socket, room.id, "still running on empty forever, running on empty forever"));
      await settle();
      expect(raised.filter((f) => f.place.id === room.id)).toEqual([]);
      expect(writes).not.toHaveBeenCalled();

      const res = await stats();
      expect(writes).toHaveBeenCalledTimes(1);
      // Once per message, however often it matched in one.
      expect(entry(res.body, "trial.stats")).toMatchObject({ shadow: true, inLexicon: true, flags: 0, shadowHits: 2, shadowByDay: [{ day: new Date().toISOString().slice(0, 10), hits: 2 }] });
      expect(entry(res.body, "trial.stats").shadowLastSeenAt).not.toBeNull();
      expect((await stats()).body.entries.find((e) => e.entryId === "trial.stats")?.shadowHits).toBe(2);
    } finally {
      writes.mockRestore();
    }
  });

  it("exports resolved flags as labelled JSON lines to admins, audited, leaving out open flags and deleted messages", async () => {
    const since = new Date().toISOString();
    const { roomId, suicidal, selfHarm, messageIds } = await twoFlags();
    const third = await twoFlags();
    await resolve(suicidal.id, "false_positive");
    await resolve(selfHarm.id, "contacted");
    await resolve(third.suicidal.id, "safe");
    // The third room's self-harm flag stays open; the first room's self-harm message is deleted after resolution.
    expectOk(await request(moderator.socket, "message:delete", { roomId, messageId: messageIds[1]! }));

    const res = await fetch(`${server.url}/api/admin/flags/labels.jsonl?since=${encodeURIComponent(since)}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const lines = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l) as FlagLabelLine);
    expect(lines).toEqual([
      expect.objectContaining({ id: suicidal.id, text: "I want to kill myself tonight", label: "no_alert", outcome: "false_positive", severity: "imminent", entryIds: expect.arrayContaining(["ideation.kill-self", "plan.timing"]) }),
      expect.objectContaining({ id: third.suicidal.id, label: "alert", outcome: "safe", categories: expect.arrayContaining(["suicidal_ideation"]) }),
    ]);

    const audit = await api<{ entries: AuditEntry[] }>(server.url, admin.token, "GET", "/api/admin/audit?action=flag.export_labels");
    expect(audit.body.entries[0]).toMatchObject({ actorId: admin.user.id, details: { count: 2, skipped: 1, since, via: "http" } });
    expect(JSON.stringify(audit.body.entries)).not.toContain("kill myself");

    expect((await fetch(`${server.url}/api/admin/flags/labels.jsonl`, { headers: { authorization: `Bearer ${moderator.token}` } })).status).toBe(403);
  });

  it("writes the shadow counts still in memory when the server shuts down", async () => {
    const node = await startTestServer({ store: await openStore(), env: { SESSION_TICK_SECONDS: "300" } });
    try {
      const nodeAdmin = await node.connectAs("admin");
      await api(node.url, nodeAdmin.token, "PUT", "/api/admin/lexicon/entries/trial.close", { id: "trial.close", category: "hopelessness_help", severity: "elevated", patterns: ["counting the ceiling tiles"], shadow: true });
      const mod = await node.connectAs("moderator");
      const { room, members } = await roomWithMembers(node, mod.socket, 1);
      expectOk(await request(members[0]!.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "just counting the ceiling tiles" }));
      await settle();
      expect(await node.store.lexiconStats.listShadowHits({})).toEqual([]);
      await node.app.close();
      expect(await node.store.lexiconStats.listShadowHits({})).toEqual([expect.objectContaining({ entryId: "trial.close", count: 1, lexiconVersion: expect.stringMatching(/\+v1$/) })]);
    } finally {
      await node.close();
    }
  });
});
