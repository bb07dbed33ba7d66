/**
 * The fallback when a flag cannot be stored: the message store works, the flag store refuses. The
 * hit must still reach moderators and the author must still be offered support; a message that
 * was to be held is released, since no flag exists through which anyone could review it.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Room } from "../../shared/dto";
import type { Store } from "../../server/src/storage/ports";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { collect, expectOk, nextEvent, request, settle, startTestServer, type TestServer } from "../support/server";
import { eachStore } from "../support/stores";

type Client = Awaited<ReturnType<TestServer["connectAs"]>>;

/** The real store, except that every new flag is refused as by a database that lost its flags table. */
function refusingFlags(real: Store): Store {
  return {
    ...real,
    flags: {
      ...real.flags,
      create: () => Promise.reject(new Error("no such table: flags")),
    },
  };
}

eachStore((openStore) => {
  let server: TestServer;
  let moderator: Client;
  let dir: string | undefined;

  beforeAll(async () => {
    let real = await openStore();
    if (!real) {
      dir = mkdtempSync(path.join(os.tmpdir(), "haven-fallback-"));
      real = openSqliteStore({ file: path.join(dir, "haven.sqlite") });
    }
    server = await startTestServer({ store: refusingFlags(real), env: { CRISIS_HOLD_IMMINENT: "true" } });
    moderator = await server.connectAs("moderator");
  });
  afterAll(async () => {
    await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function roomWithTwo(): Promise<{ room: Room; author: Client; other: Client }> {
    const room = expectOk(await request(moderator.socket, "room:create", { name: `Room ${randomUUID().slice(0, 6)}` }));
    const [author, other] = [await server.connectAs("member"), await server.connectAs("member")];
    for (const c of [author, other]) expectOk(await request(c.socket, "room:join", { roomId: room.id }));
    return { room, author, other };
  }

  it("still alerts moderators and offers the author support when the flag cannot be stored", async () => {
    const { room, author, other } = await roomWithTwo();
    const raised = nextEvent(moderator.socket, "flag:raised");
    const support = nextEvent(author.socket, "support:offered");
    const delivered = nextEvent(other.socket, "message:created");
    const otherSupport = collect(other.socket, "support:offered");

    const sent = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I want to kill myself" }));
    expect(await server.store.messages.findById(room.id, sent.id)).toMatchObject({ body: "I want to kill myself" });
    expect((await delivered).id).toBe(sent.id);
    const flag = await raised;
    expect(flag).toMatchObject({ id: `unsaved:${sent.id}`, severity: "high", authorId: author.user.id, place: { kind: "room", id: room.id }, held: false });
    expect((await support).resources.length).toBeGreaterThan(0);
    expect(await server.store.flags.listUnresolved()).toEqual([]);
    await settle();
    expect(otherSupport).toEqual([]);
  });

  it("releases a message that was to be held, so that it is not withheld with no flag to review it by", async () => {
    const { room, author, other } = await roomWithTwo();
    const raised = nextEvent(moderator.socket, "flag:raised");
    const delivered = nextEvent(other.socket, "message:created");
    const sent = expectOk(await request(author.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
    expect(sent.held).toBeUndefined();
    expect(await delivered).toMatchObject({ id: sent.id, body: "I am going to kill myself tonight" });
    expect(await raised).toMatchObject({ id: `unsaved:${sent.id}`, severity: "imminent", held: false });
    expect((await server.store.messages.findById(room.id, sent.id))!.held).toBe(false);
  });
});
