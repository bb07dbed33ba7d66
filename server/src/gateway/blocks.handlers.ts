import { blockSetSchema, emptySchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

/** Blocking people in rooms. Nothing is broadcast: the blocked person must not learn of it. */
export function registerBlockHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { logger, services } = ctx;

  on(socket, logger, "block:set", blockSetSchema, async (input, actor) => reply(await services.blocks.set(actor, input)));

  on(socket, logger, "block:list", emptySchema, async (_input, actor) => reply({ people: await services.blocks.list(actor) }));
}
