/** Records to the DTOs clients see. The only place that decides what leaves the server. */
import type { Message, Room, User } from "../../../shared/dto";
import type { MessageRecord, RoomRecord, UserRecord } from "../storage/ports";

export const toUser = (u: UserRecord): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

export const toRoom = (r: RoomRecord): Room => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

export const toMessage = (m: MessageRecord): Message => ({
  id: m.id,
  roomId: m.roomId,
  seq: m.seq,
  authorId: m.authorId,
  authorName: m.authorName,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
  clientMsgId: m.clientMsgId,
});
