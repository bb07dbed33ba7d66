import { blockSetSchema, emptySchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import type { GatewayContext } from "./context";
import { userChannel } from "./types";

/**
 * Blocking people in rooms. Nothing reaches the blocked person; the blocker's other tabs and
 * devices hear of it, so messages they already show are hidden there too.
 */
export function registerBlockHandlers(ctx: GatewayContext, on: On): void {
  const { services } = ctx;

  on("block:set", blockSetSchema, async (input, actor, socket) => {
    const result = await services.blocks.set(actor, input);
    return reply(result, () => socket.to(userChannel(actor.userId)).emit("block:changed", result));
  });

  on("block:list", emptySchema, async (_input, actor) => reply({ people: await services.blocks.list(actor) }));
}
