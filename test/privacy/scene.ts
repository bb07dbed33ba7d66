/** One of each kind of text Haven seals at rest, written and read back through a running server. */
import { randomUUID } from "node:crypto";
import type { AccountExport } from "../../shared/account-export";
import { api } from "../support/api";
import { expectOk, request, type TestServer } from "../support/server";

export type Scene = Awaited<ReturnType<typeof writeEverything>>;

/**
 * A pinned text, two room messages (one raising a flag), the flag's notes, a private message and a
 * member's report note, each carrying the marker.
 */
export async function writeEverything(server: TestServer, marker: string) {
  const staff = await server.connectAs("moderator");
  const member = await server.connectAs("member");
  const peer = await server.connectAs("peer");
  // Standing room names are unique; each scene gets its own (not the marker: names are not sealed at rest).
  const room = expectOk(await request(staff.socket, "room:create", { name: `Evening circle ${randomUUID().slice(0, 8)}` }));
  expectOk(await request(staff.socket, "room:pin", { roomId: room.id, body: `pinned ${marker} meet at the library` }));
  expectOk(await request(member.socket, "room:join", { roomId: room.id }));
  const first = expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `before ${marker} my sister's address is 12 Elm` }));
  const reporter = await server.connectAs("member");
  expectOk(await request(reporter.socket, "room:join", { roomId: room.id }));
  expectOk(await request(reporter.socket, "report:message", { roomId: room.id, messageId: first.id, reason: "other", note: `report ${marker} this shares an address` }));
  expectOk(await request(member.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: `I want to kill myself tonight ${marker}` }));
  const flag = (await server.store.flags.listUnresolved()).find((f) => f.authorId === member.user.id)!;
  expectOk(await request(staff.socket, "flag:claim", { flagId: flag.id }));
  expectOk(await request(staff.socket, "flag:resolve", { flagId: flag.id, outcome: "contacted", notes: `notes ${marker} called her mother` }));
  const assigned = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
  const conversationId = assigned.body.conversationId;
  expectOk(await request(member.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body: `private ${marker} I relapsed yesterday` }));
  return { staff, member, reporter: { token: reporter.token, id: reporter.user.id }, roomId: room.id, flagId: flag.id, conversationId };
}

export async function expectReadable(server: TestServer, w: Scene, marker: string) {
  const history = expectOk(await request(w.member.socket, "message:history", { roomId: w.roomId }));
  // Erased messages (a moderator's delete) keep their place with an empty body.
  expect(history.messages.map((m) => m.body).filter((b) => b !== "")).toEqual([`before ${marker} my sister's address is 12 Elm`, `I want to kill myself tonight ${marker}`]);
  const dms = expectOk(await request(w.member.socket, "conversation:history", { conversationId: w.conversationId }));
  expect(dms.messages.map((m) => m.body)).toContain(`private ${marker} I relapsed yesterday`);
  const flag = expectOk(await request(w.staff.socket, "flag:get", { flagId: w.flagId }));
  expect(JSON.stringify(flag)).toContain(`notes ${marker} called her mother`);
  expect(JSON.stringify(flag)).toContain(`before ${marker}`);
  const rooms = expectOk(await request(w.member.socket, "room:list", { limit: 100 }));
  expect(rooms.rooms.find((r) => r.id === w.roomId)?.pinned?.body).toBe(`pinned ${marker} meet at the library`);
  const exported = await api<AccountExport>(server.url, w.reporter.token, "GET", "/api/me/export");
  expect(exported.body.reports?.map((r) => r.note)).toEqual([`report ${marker} this shares an address`]);
}

