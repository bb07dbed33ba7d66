import { typingSetSchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import { typingThrottle } from "./typing-throttle";
import { roomFromSocket } from "./block-filter";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerTypingHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { logger, services, config } = ctx;
  // Typing is ephemeral: never stored, and throttled per room.
  const relay = typingThrottle(config.typingMinIntervalMs);

  on(socket, logger, "typing:set", typingSetSchema, async ({ roomId, typing }, actor) => {
    await services.access.requireWrite(actor, roomId);
    if (!relay(roomId, typing)) return reply({ roomId });
    return reply({ roomId }, async () =>
      (await roomFromSocket(ctx, socket, roomId, actor.userId)).emit("typing:updated", { roomId, userId: actor.userId, displayName: actor.displayName, typing }),
    );
  });
}
