/** Group rooms: who may create, join, leave and read them, and when a session's room is open. */
import { randomUUID } from "node:crypto";
import type { Room, RoomPage } from "../../../shared/dto";
import { DEFAULT_ROOM_PAGE } from "../../../shared/schemas";
import type { AccessService } from "./access";
import { refusalMessage } from "./access";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { toRoom } from "./mappers";
import { muteState, type MuteState } from "./mutes";
import { canModerate } from "./permissions";
import { joinOpensAt, sessionState } from "./schedule";
import { canSee } from "./sessions";
import { roomNameKey } from "./room-names";
import { StoreConflictError, type RoomRecord, type SessionRecord, type Store } from "../storage/ports";

export interface JoinOutcome {
  room: Room;
  lastSeq: number;
  session: SessionRecord | null;
  /** Invisible: not in presence, not in attendance. */
  watching: boolean;
  /** The joiner's own mute in this room, so their screen can say so before they try to send. */
  muted: MuteState | null;
}

export interface RoomService {
  /** A page of the rooms the actor may see; `cursor` continues from the previous page. */
  list(actor: Actor, page?: { cursor?: string; limit?: number }): Promise<RoomPage>;
  create(actor: Actor, input: { name: string; topic?: string }): Promise<Room>;
  join(actor: Actor, roomId: string, options?: { watch?: boolean }): Promise<JoinOutcome>;
  leave(actor: Actor, roomId: string): Promise<{ session: SessionRecord | null }>;
  /** The room and its session, or not_found. */
  load(roomId: string): Promise<{ room: RoomRecord; session: SessionRecord | null }>;
  /** Records that the user's last socket left a session room (disconnects, not only room:leave). */
  recordLeft(roomId: string, userId: string): Promise<void>;
}

/** The listing cursor: where the last page stopped, in the store's (createdAt, id) order. Opaque to clients. */
const encodeCursor = (r: RoomRecord): string => Buffer.from(`${r.createdAt.getTime()}.${r.id}`).toString("base64url");

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const m = /^(\d{1,15})\.([\w-]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new DomainError("invalid_input", "Unknown cursor: pass the nextCursor of the previous page.", { path: "cursor" });
  return { createdAt: new Date(Number(m[1])), id: m[2]! };
}

export const roomClosed = (message: string, details?: unknown): DomainError => new DomainError("room_closed", message, details);

export function createRoomService(deps: { store: Store; clock: Clock; access: AccessService }): RoomService {
  const { store, clock, access } = deps;

  async function load(roomId: string) {
    const room = await store.rooms.findById(roomId);
    if (!room) throw notFound("Room");
    const session = room.sessionId ? await store.sessions.findById(room.sessionId) : null;
    return { room, session };
  }

  /** The rules for a member joining a session's room; facilitators and moderators skip them. */
  async function admitToSession(actor: Actor, session: SessionRecord): Promise<void> {
    const now = clock.now();
    const state = sessionState(session, now);
    if (state === "cancelled") throw roomClosed("This session was cancelled.");
    if (state === "ended") throw roomClosed("This session has ended.");
    if (state === "scheduled") throw roomClosed("This session is not open yet.", { opensAt: joinOpensAt(session).toISOString() });
    let registration = await store.registrations.find(session.id, actor.userId);
    if (!registration) {
      if (session.audience !== "all") throw forbidden("Register for this session first.");
      // Open to all: joining takes a place, if one is left.
      registration = await store.registrations.register(session.id, actor.userId, now, session.capacity);
    }
    if (registration.status !== "registered") throw conflict("This session is full. You are on the waitlist.");
  }

  return {
    async list(actor, page = {}) {
      const limit = page.limit ?? DEFAULT_ROOM_PAGE;
      const rooms = await store.rooms.listPage({ after: page.cursor === undefined ? undefined : decodeCursor(page.cursor), limit });
      const sessions = new Map((await store.sessions.findByIds(rooms.flatMap((r) => (r.sessionId ? [r.sessionId] : [])))).map((s) => [s.id, s]));
      // An invite-only session's room (its name, topic and pinned text, which can hold a meeting
      // place) is listed only to those who may see the session, decided from its current invitations.
      const visible = rooms.filter((r) => {
        const session = r.sessionId ? sessions.get(r.sessionId) : undefined;
        return session === undefined || canSee(actor, session);
      });
      // Pinned text is for those who may be in the room: not for someone banned from it.
      const now = clock.now();
      const listed = await Promise.all(
        visible.map(async (r) => {
          if (r.pinned === null || isStaff(actor)) return toRoom(r);
          const banned = (await store.sanctions.active("ban", actor.userId, r.id, now)).length > 0;
          return banned ? { ...toRoom(r), pinned: null } : toRoom(r);
        }),
      );
      const last = rooms[rooms.length - 1];
      return { rooms: listed, nextCursor: rooms.length === limit && last ? encodeCursor(last) : null };
    },

    async create(actor, input) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can create rooms.");
      const name = input.name.trim();
      const record = {
        id: randomUUID(),
        name,
        topic: input.topic && input.topic.length > 0 ? input.topic : null,
        createdBy: actor.userId,
        createdAt: clock.now(),
        sessionId: null,
        locked: false,
        slowModeSeconds: 0,
        pinned: null,
      };
      try {
        return toRoom(await store.rooms.createNamed(record, roomNameKey(name)));
      } catch (e) {
        if (e instanceof StoreConflictError) throw new DomainError("conflict", `There is already a room called "${name}". Choose another name.`, { path: "name" });
        throw e;
      }
    },

    async join(actor, roomId, options = {}) {
      const { room, session } = await load(roomId);
      const moderator = canModerate(actor, session);
      if (options.watch && !moderator) throw forbidden("Only moderators and facilitators can watch a room.");
      if (!moderator) {
        const refusal = await access.admissionRefusal(actor, room, session);
        if (refusal) throw forbidden(refusalMessage(refusal));
        if (session) await admitToSession(actor, session);
      }
      const watching = options.watch === true;
      // Watching is a moderator's read access, not a place in the room: it must not outlive their role.
      if (!watching) await store.rooms.addMember(roomId, actor.userId, clock.now());
      if (session && !watching) {
        await store.attendance.recordJoin({ id: randomUUID(), sessionId: session.id, userId: actor.userId, joinedAt: clock.now(), leftAt: null });
      }
      const muted = moderator ? null : await muteState(store, actor.userId, roomId, clock.now());
      return { room: toRoom(room), lastSeq: await store.messages.lastSeq(roomId), session, watching, muted };
    },

    async leave(actor, roomId) {
      const { session } = await load(roomId);
      await store.rooms.removeMember(roomId, actor.userId);
      if (session) await store.attendance.recordLeave(session.id, actor.userId, clock.now());
      return { session };
    },

    load,

    async recordLeft(roomId, userId) {
      const room = await store.rooms.findById(roomId);
      if (room?.sessionId) await store.attendance.recordLeave(room.sessionId, userId, clock.now());
    },
  };
}
