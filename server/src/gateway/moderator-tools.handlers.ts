/**
 * Moderators' look-ups: who is on the team (to hand a flag on), a room's mutes and bans in force,
 * and a member's moderation history. Read-only; lifting is moderation:unmute and moderation:unban.
 */
import { emptySchema, memberRefSchema, roomRefSchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import { fetchIn } from "./presence";
import { STAFF_CHANNEL } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerModeratorToolHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { logger, services } = ctx;

  // Every staff socket is in the staff channel: one cluster-wide fetch tells who is connected.
  const online = async () => new Set((await fetchIn(ctx, STAFF_CHANNEL)).map((s) => s.data.userId));

  on(socket, logger, "staff:list", emptySchema, async (_input, actor) => reply({ staff: await services.staff.list(actor, online) }));

  on(socket, logger, "moderation:room_sanctions", roomRefSchema, async ({ roomId }, actor) => reply(await services.moderationRecords.roomSanctions(actor, roomId)));

  on(socket, logger, "moderation:member_history", memberRefSchema, async ({ userId }, actor) => reply(await services.moderationRecords.memberHistory(actor, userId)));
}
