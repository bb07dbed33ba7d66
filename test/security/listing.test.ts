import type { Room, SessionDetail } from "../../shared/dto";
import { api } from "../support/api";
import { manualClock, minutesFrom, type ManualClock } from "../support/clock";
import { expectOk, request, startTestServer, type ClientSocket, type TestServer } from "../support/server";

// An invite-only session's room can hold a meeting place in its pinned text; its invitee list names
// people in recovery. Neither is for the uninvited, nor the list for other invitees.
describe("listing reveals only what the caller may see", () => {
  let server: TestServer;
  let clock: ManualClock;
  let staff: { socket: ClientSocket; token: string };

  beforeAll(async () => {
    clock = manualClock();
    server = await startTestServer({ deps: { clock } });
    staff = await server.connectAs("moderator");
  });
  afterAll(() => server.close());

  async function inviteOnly(inviteeIds: string[]): Promise<SessionDetail> {
    const peer = await server.connectAs("peer");
    const res = await api<{ sessions: SessionDetail[] }>(server.url, staff.token, "POST", "/api/sessions", {
      title: "Closed circle",
      topic: "Meeting at the library, room 4",
      startsAt: minutesFrom(clock, 60).toISOString(),
      endsAt: minutesFrom(clock, 120).toISOString(),
      capacity: 5,
      facilitatorIds: [peer.user.id],
      audience: "invite",
      inviteeIds,
    });
    expect(res.status).toBe(201);
    return res.body.sessions[0]!;
  }

  const roomIds = async (socket: ClientSocket) => expectOk(await request(socket, "room:list", {})).rooms.map((r: Room) => r.id);

  it("omits an invite-only session's room from room:list for the uninvited, and lists it for invitees and staff", async () => {
    const invited = await server.connectAs("member");
    const stranger = await server.connectAs("member");
    const session = await inviteOnly([invited.user.id]);
    expect(await roomIds(stranger.socket)).not.toContain(session.roomId);
    expect(await roomIds(invited.socket)).toContain(session.roomId);
    expect(await roomIds(staff.socket)).toContain(session.roomId);
  });

  it("follows a change of invitations at once", async () => {
    const invited = await server.connectAs("member");
    const session = await inviteOnly([invited.user.id]);
    expect(await roomIds(invited.socket)).toContain(session.roomId);
    const res = await api(server.url, staff.token, "PATCH", `/api/sessions/${session.id}`, { inviteeIds: [] });
    expect(res.status).toBe(200);
    expect(await roomIds(invited.socket)).not.toContain(session.roomId);
  });

  it("shows an invitee only themselves in the invitee list, and staff all of it", async () => {
    const first = await server.connectAs("member");
    const second = await server.connectAs("member");
    const session = await inviteOnly([first.user.id, second.user.id]);
    const asFirst = await api<{ session: SessionDetail }>(server.url, first.token, "GET", `/api/sessions/${session.id}`);
    expect(asFirst.body.session.inviteeIds).toEqual([first.user.id]);
    const asStaff = await api<{ session: SessionDetail }>(server.url, staff.token, "GET", `/api/sessions/${session.id}`);
    expect(asStaff.body.session.inviteeIds.sort()).toEqual([first.user.id, second.user.id].sort());
  });
});
