/**
 * Reactions in private conversations. Like the messages they sit on, the new tallies go to both
 * sides' channels (a person's own, or the staff channel for the team), so every tab of both hears.
 */
import { conversationReactionSetSchema } from "../../../shared/schemas";
import { channelOf } from "./checkins.handlers";
import { on, reply } from "./handle";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerConversationReactionHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services } = ctx;

  // Acked after the store has it; both sides hear the new tallies once the ack is on its way.
  on(socket, logger, "conversation:reaction_set", conversationReactionSetSchema, async (input, actor) => {
    const { update, sides } = await services.conversationReactions.set(actor, input);
    return reply(update, () => io.to(sides.map(channelOf)).emit("conversation:reaction_updated", update));
  });
}
