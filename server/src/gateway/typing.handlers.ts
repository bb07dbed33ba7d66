import { typingSetSchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import { roomChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerTypingHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { logger, services, config } = ctx;
  // Typing is ephemeral: never stored, and "started typing" is relayed at most once per interval per room.
  const lastRelayed = new Map<string, number>();

  on(socket, logger, "typing:set", typingSetSchema, async ({ roomId, typing }, actor) => {
    await services.rooms.requireMember(actor, roomId);
    const now = Date.now();
    if (typing) {
      const last = lastRelayed.get(roomId) ?? 0;
      if (now - last < config.typingMinIntervalMs) return reply({ roomId });
      lastRelayed.set(roomId, now);
    } else {
      lastRelayed.delete(roomId);
    }
    return reply({ roomId }, () =>
      socket.to(roomChannel(roomId)).emit("typing:updated", { roomId, userId: actor.userId, displayName: actor.displayName, typing }),
    );
  });
}
