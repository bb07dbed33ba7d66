/**
 * Walks the stale-access rows of the authorisation matrix: someone is in an invite-only session's
 * room (or watching it), something changes, and what they can then do on the socket they already
 * had must follow the change at once.
 */
import { randomUUID } from "node:crypto";
import type { SessionDetail } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, minutesFrom, type ManualClock } from "../support/clock";
import { collect, expectOk, request, startTestServer, waitForEvent, type ClientSocket, type TestServer, uniqueName } from "../support/server";
import { STALE_ACCESS_MATRIX, STALE_COLUMNS, type Cell, type StaleColumn } from "./matrix";

let server: TestServer;
let clock: ManualClock;
let admin: { socket: ClientSocket; token: string };
let moderator: { socket: ClientSocket; token: string };

beforeAll(async () => {
  clock = manualClock();
  server = await startTestServer({ deps: { clock }, env: { MESSAGE_RATE_LIMIT: "100000" } });
  admin = await server.connectAs("admin");
  moderator = await server.connectAs("moderator");
});
afterAll(() => server.close());

type Person = Awaited<ReturnType<TestServer["connectAs"]>>;

interface Scene {
  session: SessionDetail;
  roomId: string;
  /** Stays invited and joined: sends the probe message. */
  control: Person;
  /** Joined as facilitator: sees the probe arrive. */
  observer: Person;
  target: Person;
  /** The socket the columns are tried on. */
  socket: ClientSocket;
}

const patchSession = async (s: Scene, patch: Record<string, unknown>) =>
  expect((await api(server.url, moderator.token, "PATCH", `/api/sessions/${s.session.id}`, patch)).status).toBe(200);

/** An open invite-only session with the target in it as the row needs, then the row's change. */
async function scene(row: string): Promise<Scene> {
  const observer = await server.connectAs("peer");
  const control = await server.connectAs("member");
  const targetRole = row.startsWith("moderator") ? "moderator" : row.startsWith("peer") ? "peer" : "member";
  const target = await server.connectAs(targetRole);
  const facilitators = row.startsWith("peer") ? [observer.user.id, target.user.id] : [observer.user.id];
  const res = await api<{ sessions: SessionDetail[] }>(server.url, moderator.token, "POST", "/api/sessions", {
    title: "Closed circle",
    startsAt: minutesFrom(clock, 1).toISOString(),
    endsAt: minutesFrom(clock, 120).toISOString(),
    capacity: 10,
    facilitatorIds: facilitators,
    audience: "invite",
    inviteeIds: [control.user.id, ...(targetRole === "member" ? [target.user.id] : [])],
  });
  const session = res.body.sessions[0]!;
  const s: Scene = { session, roomId: session.roomId, control, observer, target, socket: target.socket };
  const register = async (p: Person) => expect((await api(server.url, p.token, "PUT", `/api/sessions/${session.id}/registration`)).status).toBe(200);
  await register(control);
  if (targetRole === "member") await register(target);
  for (const p of [observer, control]) expectOk(await request(p.socket, "room:join", { roomId: s.roomId }));
  const watch = targetRole === "moderator";
  expectOk(await request(target.socket, "room:join", watch ? { roomId: s.roomId, watch: true } : { roomId: s.roomId }));
  // What they could do before the change, so that each refusal below is the change's doing.
  expectOk(await request(target.socket, "message:history", { roomId: s.roomId }));

  const act = (event: "moderation:ban" | "moderation:remove", payload: Record<string, unknown>) =>
    request(moderator.socket, event, { roomId: s.roomId, userId: target.user.id, ...payload });
  switch (row) {
    case "member banned from the room":
      expectOk(await act("moderation:ban", { scope: "room", reason: "test" }));
      break;
    case "member banned from every session": {
      // Banned from another room they are in: the ban reaches this one too.
      const elsewhere = expectOk(await request(moderator.socket, "room:create", { name: uniqueName("Elsewhere ") }));
      expectOk(await request(target.socket, "room:join", { roomId: elsewhere.id }));
      expectOk(await request(moderator.socket, "moderation:ban", { roomId: elsewhere.id, userId: target.user.id, scope: "all", reason: "test" }));
      break;
    }
    case "member removed from the session":
      expectOk(await act("moderation:remove", {}));
      break;
    case "member taken off the invite list":
      await patchSession(s, { inviteeIds: [control.user.id] });
      break;
    case "member who unregistered":
      expect((await api(server.url, target.token, "DELETE", `/api/sessions/${session.id}/registration`)).status).toBe(200);
      break;
    case "peer taken off the session's facilitators":
      await patchSession(s, { facilitatorIds: [observer.user.id] });
      break;
    case "member removed, then the session extended":
      expectOk(await act("moderation:remove", {}));
      expect((await api(server.url, moderator.token, "POST", `/api/sessions/${session.id}/extend`, { minutes: 60 })).status).toBe(200);
      // Past the end the session had when they were removed.
      clock.advanceMinutes(125);
      break;
    case "peer facilitating the session, demoted to member":
    case "moderator who watched, demoted to member": {
      const closed = new Promise((resolve) => target.socket.once("disconnect", resolve));
      expect((await api(server.url, admin.token, "PATCH", `/api/admin/users/${target.user.id}/role`, { role: "member" })).status).toBe(200);
      await closed;
      s.socket = await server.connect(target.token);
      break;
    }
    case "moderator watching, never joined":
      break;
    case "member whose ban expired, before joining again":
      expectOk(await act("moderation:ban", { scope: "room", reason: "test", expiresInMinutes: 5 }));
      clock.advanceMinutes(6);
      break;
    default:
      throw new Error(`no scene for ${row}`);
  }
  return s;
}

/** Tries one column; true when it was allowed. */
async function attempt(s: Scene, column: StaleColumn): Promise<boolean> {
  switch (column) {
    case "receives": {
      const seen = collect(s.socket, "message:created");
      const body = `probe ${randomUUID()}`;
      const arrived = waitForEvent(s.observer.socket, "message:created", (m) => m.body === body);
      expectOk(await request(s.control.socket, "message:send", { roomId: s.roomId, clientMsgId: randomUUID(), body }));
      await arrived;
      // The broadcast was written to every socket in the channel at once; a round trip on the target's lets it land.
      await request(s.socket, "room:list", {});
      return seen.some((m) => m.body === body);
    }
    case "message:history":
      return outcome(await request(s.socket, "message:history", { roomId: s.roomId }));
    case "message:send":
      return outcome(await request(s.socket, "message:send", { roomId: s.roomId, clientMsgId: randomUUID(), body: "still here?" }));
    case "typing:set":
      return outcome(await request(s.socket, "typing:set", { roomId: s.roomId, typing: true }));
    case "room:join":
      return outcome(await request(s.socket, "room:join", { roomId: s.roomId }));
  }
}

function outcome(ack: { ok: boolean; error?: { code: string } }): boolean {
  if (!ack.ok) expect(ack.error?.code).toBe("forbidden");
  return ack.ok;
}

describe("access after a change", () => {
  it.each(Object.entries(STALE_ACCESS_MATRIX))("%s", async (row, cells) => {
    const s = await scene(row);
    const got: Record<string, Cell> = {};
    // room:join last: it changes what the others would find.
    for (const column of STALE_COLUMNS) got[column] = (await attempt(s, column)) ? "allow" : "deny";
    expect(got).toEqual(cells);
  });

  it("takes a role changed outside the server (the CLI) from the next event, and the sweep takes the socket out of the room", async () => {
    const local = await startTestServer({ deps: { clock }, env: { ACCESS_RECHECK_SECONDS: "1" } });
    try {
      const staff = await local.connectAs("moderator");
      const other = await local.connectAs("member");
      const room = expectOk(await request(staff.socket, "room:create", { name: uniqueName("Standing ") }));
      expectOk(await request(other.socket, "room:join", { roomId: room.id }));
      expectOk(await request(staff.socket, "room:join", { roomId: room.id, watch: true }));
      const seen = collect(staff.socket, "message:created");
      const inRoom = async () => (await local.app.io.local.in(`room:${room.id}`).fetchSockets()).some((x) => x.data.userId === staff.user.id);
      expect(await inRoom()).toBe(true);
      // What `npm run admin -- set-role` does: straight to the store, no socket is told.
      await local.store.users.setRole(staff.user.id, "member");
      const refused = await request(staff.socket, "message:history", { roomId: room.id });
      expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
      // No event needed for the broadcasts to stop: within a sweep the socket is out of the room's channel.
      for (let i = 0; i < 50 && (await inRoom()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await inRoom()).toBe(false);
      expectOk(await request(other.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "after" }));
      await request(staff.socket, "room:list", {});
      expect(seen.filter((m) => m.body === "after")).toEqual([]);
    } finally {
      await local.close();
    }
  });
});
