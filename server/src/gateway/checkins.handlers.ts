/**
 * Check-ins with the moderation team. The team's side of a check-in is the staff channel, so
 * every moderator and admin online, on any node, hears it and any of them can answer; the member's
 * side is their personal channel, where staff messages arrive as the team's.
 */
import { MODERATION_TEAM_ID, type DirectMessage } from "../../../shared/dto";
import { checkinCloseSchema, flagRefSchema } from "../../../shared/schemas";
import { asSeenBy } from "../domain/checkins";
import { reply, type On } from "./handle";
import { STAFF_CHANNEL, userChannel } from "./types";
import type { GatewayContext } from "./context";

/** Where a side of a conversation listens: a person's own channel, or the staff channel for the team. */
export const channelOf = (id: string): string => (id === MODERATION_TEAM_ID ? STAFF_CHANNEL : userChannel(id));

/** Sends a conversation message to both sides, each seeing it as they should. */
export function emitMessage(ctx: GatewayContext, sides: string[], message: DirectMessage): void {
  const checkin = sides.includes(MODERATION_TEAM_ID);
  for (const side of sides) ctx.io.to(channelOf(side)).emit("conversation:message", asSeenBy(side, message, checkin));
}

/** A conversation's summary to each side, as that side sees it. */
async function tellBoth(ctx: GatewayContext, conversationId: string, memberId: string): Promise<void> {
  for (const side of [memberId, MODERATION_TEAM_ID]) {
    ctx.io.to(channelOf(side)).emit("conversation:updated", await ctx.services.conversations.summaryFor(conversationId, side));
  }
}

export function registerCheckinHandlers(ctx: GatewayContext, on: On): void {
  const { services } = ctx;

  on("flag:checkin", flagRefSchema, async ({ flagId }, actor) => {
    const c = await services.checkins.open(actor, flagId);
    return reply(await services.conversations.summaryFor(c.id, MODERATION_TEAM_ID), () => tellBoth(ctx, c.id, c.memberId));
  });

  on("checkin:close", checkinCloseSchema, async ({ conversationId }, actor) => {
    const c = await services.checkins.close(actor, conversationId);
    return reply(await services.conversations.summaryFor(c.id, MODERATION_TEAM_ID), () => tellBoth(ctx, c.id, c.memberId));
  });
}
