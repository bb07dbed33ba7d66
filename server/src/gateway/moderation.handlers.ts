/**
 * Moderation events. The domain decides and audits; this file carries out the live effects on
 * every node: taking sockets out of a room, telling the room, telling the target.
 */
import type { ModerationNotice, Room } from "../../../shared/dto";
import type { ModerationResult } from "../../../shared/events";
import {
  banSchema,
  messageDeleteSchema,
  muteSchema,
  pinSchema,
  removeSchema,
  roomLockSchema,
  slowModeSchema,
  targetSchema,
  unbanSchema,
  warnSchema,
} from "../../../shared/schemas";
import type { SanctionOutcome } from "../domain/moderation";
import { on, reply } from "./handle";
import { fetchUserSockets, isPresent } from "./presence";
import { roomChannel, userChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

const result = (o: SanctionOutcome): ModerationResult => ({
  userId: o.userId,
  roomId: o.roomId,
  ...(o.until ? { until: o.until.toISOString() } : {}),
  ...(o.warnings !== undefined ? { warnings: o.warnings, autoMuted: o.autoMuted ?? false } : {}),
});

export function registerModerationHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services } = ctx;
  const { moderation } = services;

  const notify = (userId: string, notice: ModerationNotice) => io.to(userChannel(userId)).emit("moderation:notice", notice);

  /** Takes every socket of the user, on every node, out of the rooms and tells those rooms. */
  async function evict(userId: string, roomIds: string[]): Promise<void> {
    for (const roomId of roomIds) {
      // Only someone the room could see is announced as gone: a watching moderator never was.
      const wasPresent = await isPresent(ctx, roomId, userId);
      io.in(userChannel(userId)).socketsLeave(roomChannel(roomId));
      if (wasPresent) io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId });
    }
  }

  const roomUpdated = (room: Room) => () => io.to(roomChannel(room.id)).emit("room:updated", room);

  on(socket, logger, "message:delete", messageDeleteSchema, async (input, actor) => {
    const erased = await moderation.deleteMessage(actor, input);
    return reply({ roomId: erased.roomId, messageId: erased.id }, () =>
      io.to(roomChannel(erased.roomId)).emit("message:deleted", { roomId: erased.roomId, messageId: erased.id, seq: erased.seq }),
    );
  });

  on(socket, logger, "room:lock", roomLockSchema, async ({ roomId, locked }, actor) => {
    const room = await moderation.setLocked(actor, roomId, locked);
    return reply(room, roomUpdated(room));
  });

  on(socket, logger, "room:slow_mode", slowModeSchema, async ({ roomId, seconds }, actor) => {
    const room = await moderation.setSlowMode(actor, roomId, seconds);
    return reply(room, roomUpdated(room));
  });

  on(socket, logger, "room:pin", pinSchema, async ({ roomId, body }, actor) => {
    const room = await moderation.pin(actor, roomId, body);
    return reply(room, roomUpdated(room));
  });

  on(socket, logger, "moderation:mute", muteSchema, async (input, actor) => {
    const o = await moderation.mute(actor, input);
    return reply(result(o), () => notify(o.userId, { kind: "muted", roomId: o.roomId, reason: input.reason ?? null, until: o.until?.toISOString() ?? null }));
  });

  on(socket, logger, "moderation:unmute", targetSchema, async (input, actor) => {
    const o = await moderation.unmute(actor, input);
    return reply(result(o), () => notify(o.userId, { kind: "unmuted", roomId: o.roomId, reason: null, until: null }));
  });

  on(socket, logger, "moderation:remove", removeSchema, async (input, actor) => {
    const o = await moderation.remove(actor, input);
    return reply(result(o), async () => {
      await evict(o.userId, [o.roomId]);
      notify(o.userId, { kind: "removed", roomId: o.roomId, reason: input.reason ?? null, until: null });
    });
  });

  on(socket, logger, "moderation:ban", banSchema, async (input, actor) => {
    const o = await moderation.ban(actor, input);
    return reply(result(o), async () => {
      const rooms = input.scope === "room" ? [o.roomId] : await roomsOf(o.userId);
      await evict(o.userId, rooms);
      notify(o.userId, { kind: "banned", roomId: input.scope === "room" ? o.roomId : null, reason: input.reason, until: o.until?.toISOString() ?? null });
    });
  });

  on(socket, logger, "moderation:unban", unbanSchema, async (input, actor) => reply(result(await moderation.unban(actor, input))));

  on(socket, logger, "moderation:warn", warnSchema, async (input, actor) => {
    const o = await moderation.warn(actor, input);
    return reply(result(o), () => {
      notify(o.userId, { kind: "warned", roomId: o.roomId, reason: input.reason, until: null });
      if (o.autoMuted) notify(o.userId, { kind: "muted", roomId: o.roomId, reason: input.reason, until: o.until?.toISOString() ?? null });
    });
  });

  /** Every room any socket of the user is in, on any node. */
  async function roomsOf(userId: string): Promise<string[]> {
    const rooms = new Set<string>();
    for (const s of await fetchUserSockets(ctx, userId)) {
      for (const r of s.rooms) if (r.startsWith("room:")) rooms.add(r.slice("room:".length));
    }
    return [...rooms];
  }
}
