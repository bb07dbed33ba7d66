import { DEFAULT_HISTORY_LIMIT, messageHistorySchema, messageSendSchema } from "../../../shared/schemas";
import { reviewMessage } from "./escalation";
import { on, reply } from "./handle";
import { roomChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerMessageHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services, flood } = ctx;

  on(socket, logger, "message:send", messageSendSchema, async (input, actor) => {
    await flood.messageSend(actor.userId);
    const { message, created } = await services.messages.send(actor, input);
    // Scanned once stored and before the broadcast; a retry was scanned the first time.
    if (created) await reviewMessage(ctx, { kind: "room", id: message.roomId }, { ...message, createdAt: new Date(message.createdAt) });
    // A retry gets the stored message back; everyone else already has it.
    return reply(message, () => {
      if (created) io.to(roomChannel(message.roomId)).emit("message:created", message);
    });
  });

  on(socket, logger, "message:history", messageHistorySchema, async (input, actor) => {
    const messages = await services.messages.history(actor, { ...input, limit: input.limit ?? DEFAULT_HISTORY_LIMIT });
    return reply({ messages });
  });
}
