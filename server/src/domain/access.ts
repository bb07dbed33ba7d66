/**
 * May this actor see, read or write this room now? One answer, decided from the stored state at the
 * moment of asking (role, bans of every scope and expiry, membership, the session's invitations,
 * registration and staff), never from what was true when a socket joined. Every event, route and the
 * gateway's evictions ask here.
 */
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { forbidden, notFound } from "./errors";
import { canModerate } from "./permissions";
import { canSee } from "./sessions";
import type { RoomRecord, SessionRecord, Store } from "../storage/ports";

export type Refusal = "banned" | "uninvited" | "unregistered" | "not_member";

export interface RoomAccess {
  room: RoomRecord;
  session: SessionRecord | null;
  /** Moderators and admins anywhere; a session's facilitators and assigned moderators in it. */
  moderator: boolean;
  /** Joined (not merely watching): the stored membership. */
  member: boolean;
  /** Listed to the actor: its name, topic and pinned text. */
  see: boolean;
  /** Reads history and receives what happens in the room (moderators also while watching). */
  read: boolean;
  /** Sends and types; the session's clock, locks, mutes and slow mode are checked on top. */
  write: boolean;
  /** Why a non-moderator may not read, when they may not. */
  refusal: Refusal | null;
}

const REFUSALS: Record<Refusal, string> = {
  banned: "You cannot join this room.",
  uninvited: "This session is by invitation.",
  unregistered: "You are no longer registered for this session.",
  not_member: "Join the room first.",
};

export interface AccessService {
  /** The access as it is now; not_found for an unknown room. */
  room(actor: Actor, roomId: string): Promise<RoomAccess>;
  requireRead(actor: Actor, roomId: string): Promise<RoomAccess>;
  requireWrite(actor: Actor, roomId: string): Promise<RoomAccess>;
  /**
   * What stands in the way of a non-moderator being admitted, apart from membership and the
   * session's clock: bans and invitations. Join uses it before it registers and adds the member.
   */
  admissionRefusal(actor: Actor, room: RoomRecord, session: SessionRecord | null): Promise<Refusal | null>;
}

export function createAccessService(deps: { store: Store; clock: Clock }): AccessService {
  const { store, clock } = deps;

  async function load(roomId: string) {
    const room = await store.rooms.findById(roomId);
    if (!room) throw notFound("Room");
    const session = room.sessionId ? await store.sessions.findById(room.sessionId) : null;
    return { room, session };
  }

  async function admissionRefusal(actor: Actor, room: RoomRecord, session: SessionRecord | null): Promise<Refusal | null> {
    // A ban for this room, or for every session (roomId null), in force now.
    const bans = await store.sanctions.active("ban", actor.userId, room.id, clock.now());
    if (bans.length > 0) return "banned";
    if (session && !canSee(actor, session)) return "uninvited";
    return null;
  }

  async function room(actor: Actor, roomId: string): Promise<RoomAccess> {
    const { room, session } = await load(roomId);
    const moderator = canModerate(actor, session);
    const see = session === null || canSee(actor, session);
    const member = await store.rooms.isMember(roomId, actor.userId);
    if (moderator) return { room, session, moderator, member, see, read: true, write: member, refusal: null };
    let refusal = await admissionRefusal(actor, room, session);
    if (!refusal && session) {
      const registration = await store.registrations.find(session.id, actor.userId);
      if (registration?.status !== "registered") refusal = "unregistered";
    }
    if (!refusal && !member) refusal = "not_member";
    const read = refusal === null;
    return { room, session, moderator, member, see, read, write: read, refusal };
  }

  const refuse = (a: RoomAccess) => forbidden(REFUSALS[a.refusal ?? "not_member"]);

  return {
    room,
    admissionRefusal,
    async requireRead(actor, roomId) {
      const a = await room(actor, roomId);
      if (!a.read) throw refuse(a);
      return a;
    },
    async requireWrite(actor, roomId) {
      const a = await room(actor, roomId);
      if (!a.write) throw a.read ? forbidden(REFUSALS.not_member) : refuse(a);
      return a;
    },
  };
}

export const refusalMessage = (r: Refusal): string => REFUSALS[r];
