/** Group rooms: who may create, join, leave and read them, and when a session's room is open. */
import { randomUUID } from "node:crypto";
import type { Room } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { toRoom } from "./mappers";
import { muteState, type MuteState } from "./mutes";
import { canModerate } from "./permissions";
import { joinOpensAt, sessionState } from "./schedule";
import { canSee } from "./sessions";
import type { RoomRecord, SessionRecord, Store } from "../storage/ports";

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
  list(actor: Actor): Promise<Room[]>;
  create(actor: Actor, input: { name: string; topic?: string }): Promise<Room>;
  join(actor: Actor, roomId: string, options?: { watch?: boolean }): Promise<JoinOutcome>;
  leave(actor: Actor, roomId: string): Promise<{ session: SessionRecord | null }>;
  /** Throws unless the actor may read the room; returns the room and its session, loaded once. */
  requireMember(actor: Actor, roomId: string): Promise<{ room: RoomRecord; session: SessionRecord | null }>;
  /** The room and its session, or not_found. */
  load(roomId: string): Promise<{ room: RoomRecord; session: SessionRecord | null }>;
  /** Records that the user's last socket left a session room (disconnects, not only room:leave). */
  recordLeft(roomId: string, userId: string): Promise<void>;
}

export const roomClosed = (message: string, details?: unknown): DomainError => new DomainError("room_closed", message, details);

export function createRoomService(deps: { store: Store; clock: Clock }): RoomService {
  const { store, clock } = deps;

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
    if (session.audience === "invite" && !session.inviteeIds.includes(actor.userId)) throw forbidden("This session is by invitation.");
    let registration = await store.registrations.find(session.id, actor.userId);
    if (!registration) {
      if (session.audience !== "all") throw forbidden("Register for this session first.");
      // Open to all: joining takes a place, if one is left.
      registration = await store.registrations.register(session.id, actor.userId, now, session.capacity);
    }
    if (registration.status !== "registered") throw conflict("This session is full. You are on the waitlist.");
  }

  return {
    async list(actor) {
      const rooms = await store.rooms.list();
      // An invite-only session's room (its name, topic and pinned text, which can hold a meeting
      // place) is listed only to those who may see the session, decided from its current invitations.
      const visible = await Promise.all(
        rooms.map(async (r) => {
          if (r.sessionId === null) return true;
          const session = await store.sessions.findById(r.sessionId);
          return session === null || canSee(actor, session);
        }),
      );
      return rooms.filter((_, i) => visible[i]).map(toRoom);
    },

    async create(actor, input) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can create rooms.");
      const room = await store.rooms.create({
        id: randomUUID(),
        name: input.name,
        topic: input.topic && input.topic.length > 0 ? input.topic : null,
        createdBy: actor.userId,
        createdAt: clock.now(),
        sessionId: null,
        locked: false,
        slowModeSeconds: 0,
        pinned: null,
      });
      return toRoom(room);
    },

    async join(actor, roomId, options = {}) {
      const { room, session } = await load(roomId);
      const moderator = canModerate(actor, session);
      if (options.watch && !moderator) throw forbidden("Only moderators and facilitators can watch a room.");
      if (!moderator) {
        const bans = await store.sanctions.active("ban", actor.userId, roomId, clock.now());
        if (bans.length > 0) throw forbidden("You cannot join this room.");
        if (session) await admitToSession(actor, session);
      }
      await store.rooms.addMember(roomId, actor.userId, clock.now());
      const watching = options.watch === true;
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

    async requireMember(actor, roomId) {
      const loaded = await load(roomId);
      if (!(await store.rooms.isMember(roomId, actor.userId))) {
        throw forbidden("Join the room first.");
      }
      return loaded;
    },

    load,

    async recordLeft(roomId, userId) {
      const room = await store.rooms.findById(roomId);
      if (room?.sessionId) await store.attendance.recordLeave(room.sessionId, userId, clock.now());
    },
  };
}
