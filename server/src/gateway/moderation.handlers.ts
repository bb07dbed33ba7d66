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
import { reply, type On } from "./handle";
import { roomChannel, userChannel } from "./types";
import type { GatewayContext } from "./context";

const result = (o: SanctionOutcome): ModerationResult => ({
  userId: o.userId,
  roomId: o.roomId,
  ...(o.until ? { until: o.until.toISOString() } : {}),
  ...(o.warnings !== undefined ? { warnings: o.warnings, autoMuted: o.autoMuted ?? false } : {}),
});

export function registerModerationHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;
  const { moderation } = services;

  const notify = (userId: string, notice: ModerationNotice) => io.to(userChannel(userId)).emit("moderation:notice", notice);

  // The domain has changed what the target may read; every socket of theirs, on every node, follows.
  const evict = (userId: string) => ctx.eviction.recheckUser(userId);

  const roomUpdated = (room: Room) => () => io.to(roomChannel(room.id)).emit("room:updated", room);

  on("message:delete", messageDeleteSchema, async (input, actor) => {
    const erased = await moderation.deleteMessage(actor, input);
    return reply({ roomId: erased.roomId, messageId: erased.id }, () =>
      io.to(roomChannel(erased.roomId)).emit("message:deleted", { roomId: erased.roomId, messageId: erased.id, seq: erased.seq }),
    );
  });

  on("room:lock", roomLockSchema, async ({ roomId, locked }, actor) => {
    const room = await moderation.setLocked(actor, roomId, locked);
    return reply(room, roomUpdated(room));
  });

  on("room:slow_mode", slowModeSchema, async ({ roomId, seconds }, actor) => {
    const room = await moderation.setSlowMode(actor, roomId, seconds);
    return reply(room, roomUpdated(room));
  });

  on("room:pin", pinSchema, async ({ roomId, body }, actor) => {
    const room = await moderation.pin(actor, roomId, body);
    return reply(room, roomUpdated(room));
  });

  on("moderation:mute", muteSchema, async (input, actor) => {
    const o = await moderation.mute(actor, input);
    return reply(result(o), () => notify(o.userId, { kind: "muted", roomId: o.roomId, reason: input.reason ?? null, until: o.until?.toISOString() ?? null }));
  });

  on("moderation:unmute", targetSchema, async (input, actor) => {
    const o = await moderation.unmute(actor, input);
    return reply(result(o), () => notify(o.userId, { kind: "unmuted", roomId: o.roomId, reason: null, until: null }));
  });

  on("moderation:remove", removeSchema, async (input, actor) => {
    const o = await moderation.remove(actor, input);
    // Before the ack: once the moderator hears "done", nothing more reaches the person there.
    await evict(o.userId);
    return reply(result(o), () => {
      notify(o.userId, { kind: "removed", roomId: o.roomId, reason: input.reason ?? null, until: o.until?.toISOString() ?? null });
    });
  });

  on("moderation:ban", banSchema, async (input, actor) => {
    const o = await moderation.ban(actor, input);
    await evict(o.userId);
    return reply(result(o), () => {
      notify(o.userId, { kind: "banned", roomId: input.scope === "room" ? o.roomId : null, reason: input.reason, until: o.until?.toISOString() ?? null });
    });
  });

  on("moderation:unban", unbanSchema, async (input, actor) => reply(result(await moderation.unban(actor, input))));

  on("moderation:warn", warnSchema, async (input, actor) => {
    const o = await moderation.warn(actor, input);
    return reply(result(o), () => {
      notify(o.userId, { kind: "warned", roomId: o.roomId, reason: input.reason, until: null });
      if (o.autoMuted) notify(o.userId, { kind: "muted", roomId: o.roomId, reason: input.reason, until: o.until?.toISOString() ?? null });
    });
  });
}
