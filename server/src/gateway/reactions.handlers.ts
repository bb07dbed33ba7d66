import { reactionSetSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { roomFrom } from "./block-filter";
import type { GatewayContext } from "./context";

export function registerReactionHandlers(ctx: GatewayContext, on: On): void {
  const { services } = ctx;

  // Acked after the store has it; the room hears the new tallies once the ack is on its way.
  on("reaction:set", reactionSetSchema, async (input, actor) => {
    const update = await services.reactions.set(actor, input);
    // Those who blocked the reactor miss this tally change; the next one, or history, brings them up to date.
    return reply(update, async () => (await roomFrom(ctx, update.roomId, actor.userId)).emit("reaction:updated", update));
  });
}
