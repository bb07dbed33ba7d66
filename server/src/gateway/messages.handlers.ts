import { announceRoomActivity } from "./room-reads.handlers";
import { DEFAULT_HISTORY_LIMIT, messageEditSchema, messageHistorySchema, messageSendSchema } from "../../../shared/schemas";
import { emitToAuthorInRoom, reviewMessage } from "./escalation";
import { historyPage } from "../domain/history-page";
import { reply, type On } from "./handle";
import { roomFrom } from "./block-filter";
import type { GatewayContext } from "./context";

export function registerMessageHandlers(ctx: GatewayContext, on: On): void {
  const { services, flood } = ctx;

  on("message:send", messageSendSchema, async (input, actor) => {
    await flood.messageSend(actor.userId);
    const sent = await services.messages.send(actor, input);
    let { message } = sent;
    // Scanned once stored and before the broadcast; a retry was scanned the first time.
    if (sent.created) {
      const released = await reviewMessage(ctx, { kind: "room", id: message.roomId }, { ...message, createdAt: new Date(message.createdAt), held: message.held === true });
      if (released) message = released;
    }
    // A retry gets the stored message back; everyone else already has it. A held one reaches only its author.
    return reply(message, async () => {
      if (!sent.created) return;
      if (message.held) await emitToAuthorInRoom(ctx, message);
      else (await roomFrom(ctx, message.roomId, message.authorId)).emit("message:created", message);
      await announceRoomActivity(ctx, message);
    });
  });

  on("message:edit", messageEditSchema, async (input, actor) => {
    await flood.messageSend(actor.userId);
    const message = await services.messages.edit(actor, input);
    // New words are scanned like a new message: an edit must not slip a crisis past the detector.
    await reviewMessage(ctx, { kind: "room", id: message.roomId }, { ...message, createdAt: new Date(message.createdAt), held: false });
    return reply(message, async () => (await roomFrom(ctx, message.roomId, message.authorId)).emit("message:edited", message));
  });

  on("message:history", messageHistorySchema, async (input, actor) => {
    const messages = await services.messages.history(actor, { ...input, limit: input.limit ?? DEFAULT_HISTORY_LIMIT });
    // Blocked authors' messages become placeholders after the tallies are added, so none leak through.
    const page = await services.blocks.hideFor(actor, await services.reactions.withReactions(messages, actor.userId));
    return reply(historyPage(page, input));
  });
}
