import { blockSetSchema, emptySchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import type { GatewayContext } from "./context";
import { userChannel, type HavenSocket } from "./types";

/**
 * Blocking people in rooms. Nothing reaches the blocked person; the blocker's other tabs and
 * devices hear of it, so messages they already show are hidden there too.
 */
export function registerBlockHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { logger, services } = ctx;

  on(socket, logger, "block:set", blockSetSchema, async (input, actor) => {
    const result = await services.blocks.set(actor, input);
    return reply(result, () => socket.to(userChannel(actor.userId)).emit("block:changed", result));
  });

  on(socket, logger, "block:list", emptySchema, async (_input, actor) => reply({ people: await services.blocks.list(actor) }));
}
