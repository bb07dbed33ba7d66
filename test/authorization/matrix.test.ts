/**
 * Walks every cell of the authorisation matrix against a real server: each role performs each
 * event and route on a session it is (or is not) facilitating, and the answer must match the cell.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expectHandshakeRefused } from "./handshake";
import { MODERATION_TEAM_ID, type SessionDetail } from "../../shared/dto";
import { CLIENT_EVENTS } from "../../shared/events";
import { api } from "../support/api";
import { expectOk, request, startTestServer, type ClientSocket, type TestServer } from "../support/server";
import {
  CONVERSATION_MATRIX,
  CONVERSATION_ROLES,
  EVENT_MATRIX,
  matrixMarkdown,
  PUBLIC_ROUTES,
  ROLES,
  ROUTE_MATRIX,
  type Cell,
  type ConversationRole,
  type MatrixRole,
} from "./matrix";

const root = path.resolve(__dirname, "../..");

let server: TestServer;
let moderator: Awaited<ReturnType<TestServer["connectAs"]>>;
let facilitator: Awaited<ReturnType<TestServer["connectAs"]>>;

beforeAll(async () => {
  server = await startTestServer({ env: { MESSAGE_RATE_LIMIT: "100000", CRISIS_HOLD_IMMINENT: "true" } });
  moderator = await server.connectAs("moderator");
  facilitator = await server.connectAs("peer");
});
afterAll(() => server.close());

/** A fresh open session with a member to act on and one message of theirs. */
async function scene() {
  const res = await api<{ sessions: SessionDetail[] }>(server.url, moderator.token, "POST", "/api/sessions", {
    title: "Matrix",
    startsAt: new Date(Date.now() + 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    capacity: 50,
    facilitatorIds: [facilitator.user.id],
  });
  const session = res.body.sessions[0]!;
  const target = await server.connectAs("member");
  expectOk(await request(target.socket, "room:join", { roomId: session.roomId }));
  const message = expectOk(await request(target.socket, "message:send", { roomId: session.roomId, clientMsgId: randomUUID(), body: "hi" }));
  // An imminent-tier crisis message, held for review, so that there is a flag to read, claim, resolve and release.
  expectOk(await request(target.socket, "message:send", { roomId: session.roomId, clientMsgId: randomUUID(), body: "I am going to kill myself tonight" }));
  const flag = (await server.store.flags.listUnresolved()).find((f) => f.authorId === target.user.id)!;
  // A negated one, which pages nobody: an item of the review list to promote and dismiss.
  expectOk(await request(target.socket, "message:send", { roomId: session.roomId, clientMsgId: randomUUID(), body: "I'm not suicidal anymore" }));
  const item = (await server.store.flags.listReview({ limit: 100 })).find((f) => f.authorId === target.user.id)!;
  // So that unban has a ban to lift.
  const banned = (await server.createUser("member")).user;
  expectOk(await request(moderator.socket, "moderation:ban", { roomId: session.roomId, userId: banned.id, scope: "room", reason: "setup" }));
  // A check-in with the target, for closing.
  const checkin = await server.store.conversations.ensure({ id: randomUUID(), memberId: target.user.id, peerId: MODERATION_TEAM_ID, createdAt: new Date(), readOnlySince: null });
  return { session, roomId: session.roomId, target: target.user, banned, messageId: message.id, flagId: flag.id, reviewId: item.id, checkinId: checkin.id };
}
type Scene = Awaited<ReturnType<typeof scene>>;

async function actorFor(role: MatrixRole): Promise<{ socket: ClientSocket; token: string } | null> {
  if (role === "anonymous") return null;
  if (role === "facilitator") return { socket: await server.connect(facilitator.token), token: facilitator.token };
  return server.connectAs(role);
}

const payloads: Record<string, (s: Scene) => unknown> = {
  "room:list": () => ({}),
  "room:create": () => ({ name: `New room ${randomUUID()}` }),
  "room:join": (s) => ({ roomId: s.roomId }),
  "room:leave": (s) => ({ roomId: s.roomId }),
  "message:send": (s) => ({ roomId: s.roomId, clientMsgId: randomUUID(), body: "hello" }),
  "message:history": (s) => ({ roomId: s.roomId }),
  "typing:set": (s) => ({ roomId: s.roomId, typing: true }),
  "message:delete": (s) => ({ roomId: s.roomId, messageId: s.messageId }),
  "message:edit": (s) => ({ roomId: s.roomId, messageId: s.messageId, body: "changed" }),
  "room:lock": (s) => ({ roomId: s.roomId, locked: true }),
  "room:slow_mode": (s) => ({ roomId: s.roomId, seconds: 10 }),
  "room:pin": (s) => ({ roomId: s.roomId, body: "Welcome" }),
  "moderation:mute": (s) => ({ roomId: s.roomId, userId: s.target.id, minutes: 5 }),
  "moderation:unmute": (s) => ({ roomId: s.roomId, userId: s.target.id }),
  "moderation:remove": (s) => ({ roomId: s.roomId, userId: s.target.id }),
  "moderation:ban": (s) => ({ roomId: s.roomId, userId: s.target.id, scope: "room", reason: "matrix" }),
  "moderation:unban": (s) => ({ roomId: s.roomId, userId: s.banned.id, scope: "room" }),
  "moderation:warn": (s) => ({ roomId: s.roomId, userId: s.target.id, reason: "matrix" }),
  "flag:list": () => ({}),
  "flag:get": (s) => ({ flagId: s.flagId }),
  "flag:claim": (s) => ({ flagId: s.flagId }),
  "flag:resolve": (s) => ({ flagId: s.flagId, outcome: "safe" }),
  "flag:release": (s) => ({ flagId: s.flagId }),
  "flag:review_list": () => ({}),
  "flag:promote": (s) => ({ flagId: s.reviewId }),
  "flag:dismiss": (s) => ({ flagId: s.reviewId }),
  "flag:checkin": (s) => ({ flagId: s.flagId }),
  "checkin:close": (s) => ({ conversationId: s.checkinId }),
  // The flag is open: unclaiming it changes nothing and answers ok, so the cell is about the role.
  "flag:unclaim": (s) => ({ flagId: s.flagId }),
  "flag:reassign": (s) => ({ flagId: s.flagId, toUserId: moderator.user.id }),
  "flag:history": () => ({}),
  "reaction:set": (s) => ({ roomId: s.roomId, messageId: s.messageId, emoji: "🤗", on: true }),
  "report:message": (s) => ({ roomId: s.roomId, messageId: s.messageId, reason: "spam" }),
  "report:person": (s) => ({ roomId: s.roomId, userId: s.target.id, reason: "harassment" }),
  "block:set": (s) => ({ userId: s.target.id, blocked: true }),
  "block:list": () => ({}),
  "room:read": (s) => ({ roomId: s.roomId, seq: 1 }),
  "staff:list": () => ({}),
  "moderation:room_sanctions": (s) => ({ roomId: s.roomId }),
  "moderation:member_history": (s) => ({ userId: s.target.id }),
};

// Events that act inside a room are tried after joining it, so a refusal is about the role.
const NEEDS_JOIN = new Set(["room:leave", "message:send", "message:history", "typing:set", "message:edit", "reaction:set", "report:message", "report:person", "room:read"]);

describe("authorisation matrix", () => {
  it("has a row for every client event and every REST route, and the docs print it", () => {
    expect([...Object.keys(EVENT_MATRIX), ...Object.keys(CONVERSATION_MATRIX)].sort()).toEqual([...CLIENT_EVENTS].sort());
    const mounts: Record<string, string> = {
      "sessions.routes.ts": "/api/sessions",
      "admin.routes.ts": "/api/admin",
      "auth.routes.ts": "/api/auth",
      "conversations.routes.ts": "/api",
      "me.routes.ts": "/api/me",
    };
    const declared: string[] = [];
    for (const [file, prefix] of Object.entries(mounts)) {
      const source = readFileSync(path.join(root, "server/src/http", file), "utf8");
      for (const m of source.matchAll(/router\.(get|post|patch|put|delete)\(\s*"([^"]+)"/g)) {
        declared.push(`${m[1]!.toUpperCase()} ${prefix}${m[2] === "/" ? "" : m[2]}`);
      }
    }
    expect(declared.sort()).toEqual([...Object.keys(ROUTE_MATRIX), ...PUBLIC_ROUTES].sort());
    expect(readFileSync(path.join(root, "docs/authorization.md"), "utf8").trim()).toBe(matrixMarkdown().trim());
  });

  describe.each(Object.entries(EVENT_MATRIX))("%s", (event, cells) => {
    it.each(ROLES.map((r) => [r, cells[r]] as [MatrixRole, Cell]))("as %s: %s", async (role, expected) => {
      if (role === "anonymous") return expectHandshakeRefused(server.url);
      const s = await scene();
      const actor = (await actorFor(role))!;
      try {
        if (NEEDS_JOIN.has(event)) expectOk(await request(actor.socket, "room:join", { roomId: s.roomId }));
        const ack = await request(actor.socket, event as never, payloads[event]!(s));
        if (expected === "allow") expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: "forbidden" } });
      } finally {
        actor.socket.disconnect();
      }
    });
  });

  describe.each(Object.entries(ROUTE_MATRIX))("%s", (routeName, cells) => {
    it.each(ROLES.map((r) => [r, cells[r]] as [MatrixRole, Cell]))("as %s: %s", async (role, expected) => {
      const s = await scene();
      // Erasing the shared facilitator would take it from every later scene: a peer of their own stands in.
      const actor = routeName === "DELETE /api/me" && role === "facilitator" ? await server.connectAs("peer") : await actorFor(role);
      actor?.socket.disconnect();
      const [method, template] = routeName.split(" ") as ["GET" | "POST" | "PATCH" | "PUT" | "DELETE", string];
      const bodies: Record<string, unknown> = {
        "POST /api/sessions": { title: "x", startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), capacity: 5, facilitatorIds: [facilitator.user.id] },
        "PATCH /api/sessions/:id": { title: "Renamed" },
        "POST /api/sessions/:id/extend": { minutes: 5 },
        "POST /api/admin/users": { username: `u${randomUUID().slice(0, 8)}`, password: "a long enough password", role: "member" },
        "PATCH /api/admin/users/:id/role": { role: "peer" },
        "DELETE /api/me": { password: "correct horse battery staple" },
        "PUT /api/admin/lexicon/entries/:entryId": { id: "matrix.entry", category: "hopelessness_help", severity: "elevated", patterns: ["matrix test phrase"], shadow: true },
      };
      const pair = template.includes("/assignments") ? await assignedPair() : null;
      bodies["POST /api/assignments"] = { memberId: (await server.createUser("member")).user.id, peerId: (await server.createUser("peer")).user.id };
      const target = template.includes("/users/") ? s.target.id : template.includes("/assignments/") ? pair!.assignmentId : s.session.id;
      const query = routeName === "GET /api/assignments" ? `?userId=${pair!.memberId}` : "";
      const entryId = method === "DELETE" ? "others.harm" : "matrix.entry";
      const res = await api(server.url, actor?.token ?? null, method, template.replace(":id", target).replace(":entryId", entryId) + query, bodies[routeName]);
      if (expected === "allow") expect(res.status).toBeLessThan(300);
      else expect(res.status).toBe(role === "anonymous" ? 401 : 403);
    });
  });

  describe.each(Object.entries(CONVERSATION_MATRIX))("%s", (event, cells) => {
    it.each(CONVERSATION_ROLES.map((r) => [r, cells[r]] as [ConversationRole, Cell]))("as %s: %s", async (role, expected) => {
      if (role === "anonymous") return expectHandshakeRefused(server.url);
      const pair = await assignedPair();
      const token =
        role === "its member" ? pair.memberToken : role === "its peer" ? pair.peerToken : (await server.connectAs(roleOf(role))).token;
      const socket = await server.connect(token);
      try {
        const payload: Record<string, unknown> = {
          "conversation:list": {},
          "conversation:send": { conversationId: pair.conversationId, clientMsgId: randomUUID(), body: "hello" },
          "conversation:history": { conversationId: pair.conversationId },
          "conversation:delete": { conversationId: pair.conversationId, messageId: event === "conversation:delete" ? await memberMessage(pair) : pair.conversationId },
          "conversation:read": { conversationId: pair.conversationId, seq: 0 },
          "conversation:typing": { conversationId: pair.conversationId, typing: true },
          "availability:set": { status: "away", message: "Back tomorrow" },
          "conversation:escalate": { conversationId: pair.conversationId, note: "Please look" },
          "conversation:reaction_set": {
            conversationId: pair.conversationId,
            messageId: event === "conversation:reaction_set" ? await memberMessage(pair) : pair.conversationId,
            emoji: "🤗",
            on: true,
          },
        };
        const ack = await request(socket, event as never, payload[event]);
        if (expected === "deny") {
          // A participant who is not the author is told so; to anyone else the conversation does not exist.
          const forbidden =
            event === "availability:set" || (event === "conversation:delete" && role === "its peer") || (event === "conversation:escalate" && role === "its member");
          expect(ack).toMatchObject({ ok: false, error: { code: forbidden ? "forbidden" : "not_found" } });
          return;
        }
        expect(ack).toMatchObject({ ok: true });
        if (event === "conversation:list") {
          const ids = (ack as { ok: true; data: { conversations: { id: string }[] } }).data.conversations.map((c) => c.id);
          expect(ids.includes(pair.conversationId)).toBe(role === "its member" || role === "its peer");
        }
      } finally {
        socket.disconnect();
      }
    });
  });
});

const roleOf = (role: ConversationRole) => (role === "other member" ? "member" : role === "other peer" ? "peer" : role === "admin" ? "admin" : "moderator");

/** A message the pair's member sent in their conversation. */
async function memberMessage(pair: Awaited<ReturnType<typeof assignedPair>>): Promise<string> {
  const socket = await server.connect(pair.memberToken);
  try {
    return expectOk(await request(socket, "conversation:send", { conversationId: pair.conversationId, clientMsgId: randomUUID(), body: "mine" })).id;
  } finally {
    socket.disconnect();
  }
}

/** A member and a peer assigned to each other, with their conversation. */
async function assignedPair() {
  const member = await server.createUser("member");
  const peer = await server.createUser("peer");
  const res = await api<{ assignment: { id: string }; conversationId: string }>(server.url, moderator.token, "POST", "/api/assignments", {
    memberId: member.user.id,
    peerId: peer.user.id,
  });
  expect(res.status).toBe(201);
  return {
    memberId: member.user.id,
    assignmentId: res.body.assignment.id,
    conversationId: res.body.conversationId,
    memberToken: await server.login(member.user.username, member.password),
    peerToken: await server.login(peer.user.username, peer.password),
  };
}
