/**
 * Freezing context after a flag must not cost an ordinary message anything in a place without a
 * recent flag: no read or write of flags, no extra history read. Counted on a real store.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { expectOk, nextEvent, request, startTestServer, type TestServer, uniqueName } from "../support/server";

/** The real store, counting every call to the flag store and every history read. */
function counting(real: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const flags = Object.fromEntries(
    Object.entries(real.flags).map(([name, fn]) => [name, (...args: unknown[]) => (calls.push(`flags.${name}`), (fn as (...a: unknown[]) => unknown)(...args))]),
  ) as unknown as Store["flags"];
  const messages: Store["messages"] = { ...real.messages, history: (...args) => (calls.push("messages.history"), real.messages.history(...args)) };
  return { store: { ...real, flags, messages }, calls };
}

describe("the send path of an ordinary message", () => {
  let server: TestServer;
  let calls: string[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "haven-hot-path-"));
    const wrapped = counting(openSqliteStore({ file: path.join(dir, "haven.sqlite") }));
    calls = wrapped.calls;
    server = await startTestServer({ store: wrapped.store, env: { SESSION_TICK_SECONDS: "300", FLAG_CONTEXT_MESSAGES: "2" } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("touches no flag and reads no history in a room without a recent flag, and freezes context in one with a flag", async () => {
    const moderator = await server.connectAs("moderator");
    const quiet = expectOk(await request(moderator.socket, "room:create", { name: uniqueName("Quiet ") }));
    const flagged = expectOk(await request(moderator.socket, "room:create", { name: uniqueName("Flagged ") }));
    const member = await server.connectAs("member");
    for (const room of [quiet, flagged]) expectOk(await request(member.socket, "room:join", { roomId: room.id }));
    const say = (roomId: string, body: string) => request(member.socket, "message:send", { roomId, clientMsgId: randomUUID(), body });

    const raised = nextEvent(moderator.socket, "flag:raised");
    expectOk(await say(flagged.id, "I want to die"));
    await raised;

    calls.length = 0;
    for (let i = 0; i < 5; i++) expectOk(await say(quiet.id, `ordinary message ${i}`));
    expect(calls).toEqual([]);

    expectOk(await say(flagged.id, "an ordinary reply"));
    expect(calls).toEqual(["flags.addContext"]);
  });
});
