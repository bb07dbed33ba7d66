import { typingSetSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { typingThrottlePerSocket } from "./typing-throttle";
import { roomFromSocket } from "./block-filter";
import type { GatewayContext } from "./context";

export function registerTypingHandlers(ctx: GatewayContext, on: On): void {
  const { services, config } = ctx;
  // Typing is ephemeral: never stored, and throttled per socket and room.
  const relay = typingThrottlePerSocket(config.typingMinIntervalMs);

  on("typing:set", typingSetSchema, async ({ roomId, typing }, actor, socket) => {
    await services.access.requireWrite(actor, roomId);
    if (!relay(socket, roomId, typing)) return reply({ roomId });
    return reply({ roomId }, async () =>
      (await roomFromSocket(ctx, socket, roomId, actor.userId)).emit("typing:updated", { roomId, userId: actor.userId, displayName: actor.displayName, typing }),
    );
  });
}
