/**
 * Private conversations. Everything goes to the participants' personal channels, so every tab and
 * device of both, on any node, hears it; nobody else is ever addressed.
 */
import {
  availabilitySetSchema,
  conversationDeleteSchema,
  conversationHistorySchema,
  conversationReadSchema,
  conversationSendSchema,
  conversationTypingSchema,
  DEFAULT_HISTORY_LIMIT,
  emptySchema,
} from "../../../shared/schemas";
import { reviewMessage } from "./escalation";
import { historyPage } from "../domain/history-page";
import { reply, type On } from "./handle";
import { typingThrottlePerSocket } from "./typing-throttle";
import { userChannel } from "./types";
import { channelOf, emitMessage } from "./checkins.handlers";
import type { GatewayContext } from "./context";

export function registerConversationHandlers(ctx: GatewayContext, on: On): void {
  const { io, services, flood, config } = ctx;
  const { conversations } = services;
  const relayTyping = typingThrottlePerSocket(config.typingMinIntervalMs);

  on("conversation:list", emptySchema, async (_input, actor) => reply({ conversations: await conversations.list(actor) }));

  on("conversation:send", conversationSendSchema, async (input, actor) => {
    await flood.messageSend(actor.userId);
    const { message, created, recipientId, selfId } = await conversations.send(actor, input);
    if (created) {
      const place = { kind: "conversation" as const, id: message.conversationId };
      await reviewMessage(ctx, place, { ...message, createdAt: new Date(message.createdAt) });
    }
    return reply(message, async () => {
      if (!created) return;
      emitMessage(ctx, [selfId, recipientId], message);
      const unread = await conversations.unread(message.conversationId, recipientId, message.seq);
      io.to(channelOf(recipientId)).emit("conversation:unread", { conversationId: message.conversationId, unread });
    });
  });

  on("conversation:delete", conversationDeleteSchema, async (input, actor) => {
    const { message, otherId, selfId } = await conversations.deleteOwn(actor, input);
    const event = { roomId: message.conversationId, conversationId: message.conversationId, messageId: message.id, seq: message.seq };
    return reply({ conversationId: message.conversationId, messageId: message.id }, () =>
      io.to([channelOf(selfId), channelOf(otherId)]).emit("message:deleted", event),
    );
  });

  on("conversation:history", conversationHistorySchema, async (input, actor) => {
    const messages = await conversations.history(actor, { ...input, limit: input.limit ?? DEFAULT_HISTORY_LIMIT });
    // Tallies as the actor's side sees them ("mine" is the team's in a check-in); history checked participation.
    const { selfId } = await conversations.requireParticipant(actor, input.conversationId);
    return reply(historyPage(await services.conversationReactions.withReactions(messages, selfId), input));
  });

  on("conversation:read", conversationReadSchema, async (input, actor) => {
    const { seq, otherId, selfId, unread } = await conversations.markRead(actor, input);
    const { conversationId } = input;
    return reply({ conversationId, seq }, () => {
      // In a check-in the team reads as one: `userId` is MODERATION_TEAM_ID for any moderator.
      io.to([channelOf(selfId), channelOf(otherId)]).emit("conversation:read", { conversationId, userId: selfId, seq });
      // The reader's other tabs clear their badge too.
      io.to(channelOf(selfId)).emit("conversation:unread", { conversationId, unread });
    });
  });

  on("conversation:typing", conversationTypingSchema, async ({ conversationId, typing }, actor, socket) => {
    const { otherId, selfId } = await conversations.requireParticipant(actor, conversationId);
    if (!relayTyping(socket, conversationId, typing)) return reply({ conversationId });
    return reply({ conversationId }, () => io.to(channelOf(otherId)).emit("conversation:typing", { conversationId, userId: selfId, typing }));
  });

  on("availability:set", availabilitySetSchema, async (input, actor) => {
    const { availability, members } = await conversations.setAvailability(actor, input);
    return reply(availability, async () => {
      if (members.length > 0) io.to(members.map((m) => userChannel(m.memberId))).emit("availability:updated", availability);
      // Members' summaries carry the away notice and the resources; refresh them.
      for (const { memberId, conversationId } of members) {
        io.to(userChannel(memberId)).emit("conversation:updated", await conversations.summaryFor(conversationId, memberId));
      }
    });
  });
}
