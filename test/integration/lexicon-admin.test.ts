import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../../shared/dto";
import type { LexiconState } from "../../server/src/domain/escalation/lexicon-admin";
import { api } from "../support/api";
import { collect, expectOk, request, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

eachStore((openStore) => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  let adminToken: string;

  beforeAll(async () => {
    nodeA = await startTestServer({ store: await openStore() });
    // A second node on the same store: it learns of changes by itself, on its next tick.
    nodeB = await startTestServer({ store: nodeA.store });
    adminToken = (await nodeA.connectAs("admin")).token;
  });
  afterAll(async () => {
    await nodeB.app.close();
    await nodeA.close();
  });

  async function messageOnB(body: string) {
    const mod = await nodeB.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    const author = await nodeB.connectAs("member");
    expectOk(await request(author.socket, "room:join", { roomId: room.id }));
    const raised = collect(mod.socket, "flag:raised");
    expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
    await settle();
    return raised;
  }

  it("applies an admin's new entry on every node without a restart, and audits it", async () => {
    expect(await messageOnB("I am going to take the scenic route tonight")).toEqual([]);
    const res = await api<LexiconState>(nodeA.url, adminToken, "PUT", "/api/admin/lexicon/entries/local.ctb", {
      id: "local.ctb",
      category: "suicidal_ideation",
      severity: "high",
      patterns: ["take the scenic route"],
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBeGreaterThan(0);
    await nodeB.app.flags.tick();
    const raised = await messageOnB("I am going to take the scenic route tonight");
    expect(raised).toEqual([expect.objectContaining({ severity: expect.stringMatching(/high|imminent/), terms: expect.arrayContaining(["take the scenic route"]) })]);

    const audit = await api<{ entries: AuditEntry[] }>(nodeA.url, adminToken, "GET", "/api/admin/audit?action=lexicon.put");
    expect(audit.body.entries[0]).toMatchObject({ action: "lexicon.put", details: expect.objectContaining({ entryId: "local.ctb" }) });
  });

  it("counts shadow entries without alerting anyone", async () => {
    expect((await api(nodeA.url, adminToken, "PUT", "/api/admin/lexicon/entries/trial.meh", { id: "trial.meh", category: "hopelessness_help", severity: "elevated", patterns: ["so over everything"], shadow: true })).status).toBe(200);
    await nodeB.app.flags.tick();
    expect(await messageOnB("honestly so over everything today")).toEqual([]);
    const state = await nodeB.app.services.lexicon.current({ userId: "x", role: "admin", displayName: "x" });
    expect(state.shadowHits["trial.meh"]).toBe(1);
  });

  it("removes a shipped entry, and refuses an invalid one without saving anything", async () => {
    const before = (await api<LexiconState>(nodeA.url, adminToken, "GET", "/api/admin/lexicon")).body.version;
    const bad = await api(nodeA.url, adminToken, "PUT", "/api/admin/lexicon/entries/bad.one", { id: "bad.one", category: "suicidal_ideation", severity: "severe", patterns: ["x"] });
    expect(bad.status).toBe(400);
    const emptySegment = await api(nodeA.url, adminToken, "PUT", "/api/admin/lexicon/entries/bad.two", { id: "bad.two", category: "suicidal_ideation", severity: "high", patterns: ["want ~ ~ die"] });
    expect(emptySegment.status).toBe(400);
    expect((await api<LexiconState>(nodeA.url, adminToken, "GET", "/api/admin/lexicon")).body.version).toBe(before);

    expect((await api(nodeA.url, adminToken, "DELETE", "/api/admin/lexicon/entries/means.method")).status).toBe(200);
    await nodeB.app.flags.tick();
    expect(await messageOnB("there is a noose")).toEqual([]);
    const mod = await nodeA.connectAs("moderator");
    expect((await api(nodeA.url, mod.token, "GET", "/api/admin/lexicon")).status).toBe(403);
  });
});
