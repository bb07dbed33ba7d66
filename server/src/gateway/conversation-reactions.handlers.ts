/**
 * Reactions in private conversations. Like the messages they sit on, the new tallies go to both
 * sides' channels (a person's own, or the staff channel for the team), so every tab of both hears.
 */
import { conversationReactionSetSchema } from "../../../shared/schemas";
import { channelOf } from "./checkins.handlers";
import { reply, type On } from "./handle";
import type { GatewayContext } from "./context";

export function registerConversationReactionHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;

  // Acked after the store has it; both sides hear the new tallies once the ack is on its way.
  on("conversation:reaction_set", conversationReactionSetSchema, async (input, actor) => {
    const { update, sides } = await services.conversationReactions.set(actor, input);
    return reply(update, () => io.to(sides.map(channelOf)).emit("conversation:reaction_updated", update));
  });
}
