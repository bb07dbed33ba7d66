/**
 * The moderator toolkit: mute, remove, ban, warn (with its automatic mute), delete a message,
 * lock, slow mode and pin. Every action is checked here and written to the audit log; the gateway
 * only carries out the live effects (removing sockets, notifying) that each result describes.
 */
import { randomUUID } from "node:crypto";
import type { Message, Room } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { forbidden, notFound } from "./errors";
import { toMessage, toRoom } from "./mappers";
import { canModerate, canSanction } from "./permissions";
import type { RoomService } from "./rooms";
import type { RoomRecord, RoomSettingsPatch, SessionRecord, Store } from "../storage/ports";

export interface WarnLadder {
  /** Warnings within the window that trigger the automatic mute. */
  threshold: number;
  windowMinutes: number;
  muteMinutes: number;
}

export interface SanctionOutcome {
  userId: string;
  roomId: string;
  until?: Date;
  warnings?: number;
  autoMuted?: boolean;
}

export interface ModerationService {
  mute(actor: Actor, i: { roomId: string; userId: string; minutes: number; reason?: string }): Promise<SanctionOutcome>;
  unmute(actor: Actor, i: { roomId: string; userId: string }): Promise<SanctionOutcome>;
  remove(actor: Actor, i: { roomId: string; userId: string; reason?: string }): Promise<SanctionOutcome>;
  ban(actor: Actor, i: { roomId: string; userId: string; scope: "room" | "all"; reason: string; expiresInMinutes?: number }): Promise<SanctionOutcome>;
  unban(actor: Actor, i: { roomId: string; userId: string; scope: "room" | "all" }): Promise<SanctionOutcome>;
  warn(actor: Actor, i: { roomId: string; userId: string; reason: string }): Promise<SanctionOutcome>;
  deleteMessage(actor: Actor, i: { roomId: string; messageId: string; reason?: string }): Promise<Message>;
  setLocked(actor: Actor, roomId: string, locked: boolean): Promise<Room>;
  setSlowMode(actor: Actor, roomId: string, seconds: number): Promise<Room>;
  pin(actor: Actor, roomId: string, body: string | null): Promise<Room>;
}

const MINUTE = 60_000;
/** How long "remove" keeps someone out of a standing room (a room with no session to end). */
export const REMOVE_FROM_STANDING_ROOM_MINUTES = 60;

export function createModerationService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  rooms: RoomService;
  warnLadder: WarnLadder;
  /** Runs after a message is erased: crisis flags that froze it erase it too. */
  afterErase?: (roomId: string, messageId: string, by: string) => Promise<unknown>;
}): ModerationService {
  const { store, clock, audit, rooms, warnLadder } = deps;

  async function authorise(actor: Actor, roomId: string): Promise<{ room: RoomRecord; session: SessionRecord | null }> {
    const loaded = await rooms.load(roomId);
    if (!canModerate(actor, loaded.session)) throw forbidden("Only this room's facilitators and moderators can do that.");
    return loaded;
  }

  async function authoriseAgainst(actor: Actor, roomId: string, userId: string) {
    const loaded = await authorise(actor, roomId);
    const target = await store.users.findById(userId);
    if (!target) throw notFound("User");
    if (!canSanction(actor, target, loaded.session)) throw forbidden("You cannot take this action against that user.");
    return loaded;
  }

  const context = (roomId: string, session: SessionRecord | null) => ({ roomId, sessionId: session?.id ?? null });

  async function addMute(actor: Actor, roomId: string, userId: string, minutes: number, reason: string | null) {
    const until = new Date(clock.now().getTime() + minutes * MINUTE);
    await store.sanctions.create({ id: randomUUID(), kind: "mute", userId, roomId, reason, createdBy: actor.userId, createdAt: clock.now(), expiresAt: until, liftedAt: null });
    return until;
  }

  async function updateRoom(actor: Actor, roomId: string, patch: RoomSettingsPatch, action: string, details: Record<string, unknown>) {
    const { session } = await authorise(actor, roomId);
    const room = await store.rooms.updateSettings(roomId, patch);
    if (!room) throw notFound("Room");
    await audit.record(actor, action, { ...context(roomId, session), details });
    return toRoom(room);
  }

  return {
    async mute(actor, { roomId, userId, minutes, reason }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      // The latest decision stands alone: a mute in force here is replaced, not stacked beside it.
      await store.sanctions.lift("mute", userId, roomId, clock.now());
      const until = await addMute(actor, roomId, userId, minutes, reason ?? null);
      await audit.record(actor, "mute", { ...context(roomId, session), targetUserId: userId, reason: reason ?? null, details: { minutes } });
      return { userId, roomId, until };
    },

    async unmute(actor, { roomId, userId }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      await store.sanctions.lift("mute", userId, roomId, clock.now());
      await audit.record(actor, "unmute", { ...context(roomId, session), targetUserId: userId });
      return { userId, roomId };
    },

    async remove(actor, { roomId, userId, reason }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      await store.rooms.removeMember(roomId, userId);
      // A session's room serves that one session: out for the rest of it, however long that turns
      // out to be (it can be extended), so the ban has no expiry of its own. A standing room has no
      // end, and removal that let them walk straight back in would be no removal: they are kept out
      // for a set time, and the outcome says until when so both sides can be told.
      const until = session ? null : new Date(clock.now().getTime() + REMOVE_FROM_STANDING_ROOM_MINUTES * MINUTE);
      await store.sanctions.create({ id: randomUUID(), kind: "ban", userId, roomId, reason: reason ?? null, createdBy: actor.userId, createdAt: clock.now(), expiresAt: until, liftedAt: null });
      if (session) await store.attendance.recordLeave(session.id, userId, clock.now());
      await audit.record(actor, "remove", { ...context(roomId, session), targetUserId: userId, reason: reason ?? null, ...(until ? { details: { minutes: REMOVE_FROM_STANDING_ROOM_MINUTES } } : {}) });
      return { userId, roomId, until: until ?? undefined };
    },

    async ban(actor, { roomId, userId, scope, reason, expiresInMinutes }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      if (scope === "all" && !isStaff(actor)) throw forbidden("Only moderators and admins can ban from every session.");
      const expiresAt = expiresInMinutes ? new Date(clock.now().getTime() + expiresInMinutes * MINUTE) : null;
      // As for mutes: a ban of the same scope in force is replaced, so moderators see one, and one Lift ends it.
      await store.sanctions.lift("ban", userId, scope === "room" ? roomId : null, clock.now());
      await store.sanctions.create({
        id: randomUUID(),
        kind: "ban",
        userId,
        roomId: scope === "room" ? roomId : null,
        reason,
        createdBy: actor.userId,
        createdAt: clock.now(),
        expiresAt,
        liftedAt: null,
      });
      await store.rooms.removeMember(roomId, userId);
      if (session) await store.attendance.recordLeave(session.id, userId, clock.now());
      await audit.record(actor, "ban", { ...context(roomId, session), targetUserId: userId, reason, details: { scope, expiresInMinutes: expiresInMinutes ?? null } });
      return { userId, roomId, until: expiresAt ?? undefined };
    },

    async unban(actor, { roomId, userId, scope }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      if (scope === "all" && !isStaff(actor)) throw forbidden("Only moderators and admins can lift a ban from every session.");
      const lifted = await store.sanctions.lift("ban", userId, scope === "room" ? roomId : null, clock.now());
      if (lifted === 0) throw notFound("Ban");
      await audit.record(actor, "unban", { ...context(roomId, session), targetUserId: userId, details: { scope } });
      return { userId, roomId };
    },

    async warn(actor, { roomId, userId, reason }) {
      const { session } = await authoriseAgainst(actor, roomId, userId);
      await audit.record(actor, "warn", { ...context(roomId, session), targetUserId: userId, reason });
      const since = new Date(clock.now().getTime() - warnLadder.windowMinutes * MINUTE);
      const warnings = await store.audit.count("warn", userId, since);
      if (warnings < warnLadder.threshold) return { userId, roomId, warnings, autoMuted: false };
      const until = await addMute(actor, roomId, userId, warnLadder.muteMinutes, reason);
      await audit.record(actor, "mute", {
        ...context(roomId, session),
        targetUserId: userId,
        reason: `automatic: ${warnings} warnings within ${warnLadder.windowMinutes} minutes`,
        details: { minutes: warnLadder.muteMinutes, automatic: true, warnings },
      });
      return { userId, roomId, warnings, autoMuted: true, until };
    },

    async deleteMessage(actor, { roomId, messageId, reason }) {
      const { session } = await rooms.load(roomId);
      const message = await store.messages.findById(roomId, messageId);
      // Anyone may delete their own words, whatever their access now: they are the author's data.
      const own = message !== null && message.authorId === actor.userId;
      if (!own && !canModerate(actor, session)) throw forbidden("Only this room's facilitators and moderators can delete other people's messages.");
      if (!message) throw notFound("Message");
      const erased = await store.messages.erase(roomId, messageId, clock.now());
      if (!erased) throw notFound("Message");
      await deps.afterErase?.(roomId, messageId, actor.userId);
      if (own) return toMessage(erased);
      // The audit entry names the message and its author, never its words: they are gone on purpose.
      await audit.record(actor, "message.delete", { ...context(roomId, session), targetUserId: erased.authorId, messageId, reason: reason ?? null });
      return toMessage(erased);
    },

    setLocked: (actor, roomId, locked) => updateRoom(actor, roomId, { locked }, locked ? "lock" : "unlock", {}),

    setSlowMode: (actor, roomId, seconds) => updateRoom(actor, roomId, { slowModeSeconds: seconds }, "slow_mode", { seconds }),

    pin: (actor, roomId, body) =>
      updateRoom(actor, roomId, { pinned: body === null ? null : { body, byId: actor.userId, at: clock.now() } }, body === null ? "unpin" : "pin", {}),
  };
}
