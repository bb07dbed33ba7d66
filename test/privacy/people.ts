/**
 * A member with a little of everything Haven keeps about a person: room messages (one raising a
 * flag), a mute with a reason, a private conversation with their peer supporter, and a neighbour
 * in the room whose words are not theirs.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import mongoose from "mongoose";
import type { Role } from "../../shared/dto";
import { api } from "../support/api";
import { expectOk, nextEvent, request, type TestServer } from "../support/server";

export const PASSWORD = "correct horse battery staple";

async function person(server: TestServer, role: Role) {
  const { user } = await server.createUser(role);
  const token = await server.login(user.username, PASSWORD);
  return { user, token, socket: await server.connect(token) };
}

export async function memberWithHistory(server: TestServer) {
  const marker = `heron${randomBytes(5).toString("hex")}`;
  const admin = await person(server, "admin");
  const staff = await person(server, "moderator");
  const member = await person(server, "member");
  const neighbour = await person(server, "member");
  const peer = await person(server, "peer");
  const room = expectOk(await request(staff.socket, "room:create", { name: `Circle ${marker}` }));
  for (const p of [member, neighbour]) expectOk(await request(p.socket, "room:join", { roomId: room.id }));
  const say = (who: typeof member, body: string) => request(who.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body });
  const own = expectOk(await say(member, `mine ${marker} my sponsor lives on Hill Street`));
  const theirs = expectOk(await say(neighbour, `neighbour ${marker} words that stay`));
  // How far they have read is theirs too: exported, and erased with the account.
  expectOk(await request(member.socket, "room:read", { roomId: room.id, seq: theirs.seq }));
  const raised = nextEvent(staff.socket, "flag:raised");
  const crisis = expectOk(await say(member, `I want to kill myself ${marker}`));
  const flag = await raised;
  expectOk(await request(staff.socket, "moderation:mute", { roomId: room.id, userId: member.user.id, minutes: 5, reason: `cooling off ${marker}` }));
  const assigned = await api<{ conversationId: string }>(server.url, staff.token, "POST", "/api/assignments", { memberId: member.user.id, peerId: peer.user.id });
  const conversationId = assigned.body.conversationId;
  const dm = (who: typeof member, body: string) => request(who.socket, "conversation:send", { conversationId, clientMsgId: randomUUID(), body });
  const privateOwn = expectOk(await dm(member, `private ${marker} I relapsed on Friday`));
  const privateReply = expectOk(await dm(peer, `reply ${marker} thank you for telling me`));
  // Reactions both ways: theirs are the person's data, the ones others gave them are not.
  const react = async (who: typeof member, messageId: string, emoji: "❤️" | "🤗" | "🙏" | "💪", inConversation = false) => {
    if (inConversation) expectOk(await request(who.socket, "conversation:reaction_set", { conversationId, messageId, emoji, on: true }));
    else expectOk(await request(who.socket, "reaction:set", { roomId: room.id, messageId, emoji, on: true }));
  };
  await react(member, theirs.id, "❤️");
  await react(neighbour, own.id, "🤗");
  await react(member, privateReply.id, "🙏", true);
  await react(peer, privateOwn.id, "💪", true);
  return { marker, admin, staff, member, neighbour, peer, roomId: room.id, flagId: flag.id, conversationId, own, theirs, crisis, privateOwn, privateReply };
}

export type Scene = Awaited<ReturnType<typeof memberWithHistory>>;

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Whether any byte of the SQLite files (database and WAL) still holds the text. */
export const sqliteFilesHold = (dataDir: string, text: string): string[] => filesUnder(dataDir).filter((f) => readFileSync(f).includes(text));

/** Every document of every collection, as one searchable text: what a backup taken now would hold. */
export async function mongoDump(uri: string): Promise<string> {
  const client = await mongoose.mongo.MongoClient.connect(uri);
  try {
    const db = client.db();
    const parts: string[] = [];
    for (const c of await db.listCollections().toArray()) parts.push(JSON.stringify(await db.collection(c.name).find({}).toArray()));
    return parts.join("\n");
  } finally {
    await client.close();
  }
}
