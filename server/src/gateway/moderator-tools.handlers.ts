/**
 * Moderators' look-ups: who is on the team (to hand a flag on), a room's mutes and bans in force,
 * and a member's moderation history. Read-only; lifting is moderation:unmute and moderation:unban.
 */
import { emptySchema, memberRefSchema, roomRefSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { fetchIn } from "./presence";
import { STAFF_CHANNEL } from "./types";
import type { GatewayContext } from "./context";

export function registerModeratorToolHandlers(ctx: GatewayContext, on: On): void {
  const { services } = ctx;

  // Every staff socket is in the staff channel: one cluster-wide fetch tells who is connected.
  const online = async () => new Set((await fetchIn(ctx, STAFF_CHANNEL)).map((s) => s.data.userId));

  on("staff:list", emptySchema, async (_input, actor) => reply({ staff: await services.staff.list(actor, online) }));

  on("moderation:room_sanctions", roomRefSchema, async ({ roomId }, actor) => reply(await services.moderationRecords.roomSanctions(actor, roomId)));

  on("moderation:member_history", memberRefSchema, async ({ userId }, actor) => reply(await services.moderationRecords.memberHistory(actor, userId)));
}
