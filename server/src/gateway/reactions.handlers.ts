import { reactionSetSchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import { roomChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerReactionHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services } = ctx;

  // Acked after the store has it; the room hears the new tallies once the ack is on its way.
  on(socket, logger, "reaction:set", reactionSetSchema, async (input, actor) => {
    const update = await services.reactions.set(actor, input);
    return reply(update, () => io.to(roomChannel(update.roomId)).emit("reaction:updated", update));
  });
}
