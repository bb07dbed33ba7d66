import type { GatewayContext } from "./context";
import { registerConversationHandlers } from "./conversations.handlers";
import { registerMessageHandlers } from "./messages.handlers";
import { registerModerationHandlers } from "./moderation.handlers";
import { announceDepartureOnDisconnect, registerRoomHandlers } from "./rooms.handlers";
import { registerTypingHandlers } from "./typing.handlers";
import { registerReactionHandlers } from "./reactions.handlers";
import { registerReportHandlers } from "./reports.handlers";
import { registerBlockHandlers } from "./blocks.handlers";
import { registerRoomReadHandlers } from "./room-reads.handlers";
import { registerConversationReactionHandlers } from "./conversation-reactions.handlers";
import { isStaff } from "../domain/actor";
import { registerFlagHandlers } from "./flags.handlers";
import { registerPeerEscalationHandlers } from "./peer-escalation.handlers";
import { registerCheckinHandlers } from "./checkins.handlers";
import { registerModeratorToolHandlers } from "./moderator-tools.handlers";
import { refreshActorOnEvents } from "./current-actor";
import { STAFF_CHANNEL, userChannel } from "./types";
import { createHandlerTable, dispatchEvents } from "./handle";

/**
 * Builds every event's handler once, then gives each new connection its channels and the
 * middlewares that run before a handler: the event limits, the actor's refresh, and last the
 * dispatch to the table. A handler answers its event itself, so the dispatch ends the chain.
 */
export function attachGateway(ctx: GatewayContext): void {
  const { table, on } = createHandlerTable(ctx.logger);
  for (const register of [
    registerRoomHandlers,
    registerMessageHandlers,
    registerTypingHandlers,
    registerReactionHandlers,
    registerReportHandlers,
    registerBlockHandlers,
    registerRoomReadHandlers,
    registerModerationHandlers,
    registerConversationHandlers,
    registerFlagHandlers,
    registerPeerEscalationHandlers,
    registerCheckinHandlers,
    registerConversationReactionHandlers,
    registerModeratorToolHandlers,
  ])
    register(ctx, on);

  ctx.io.on("connection", (socket) => {
    // Before any handler: an event over its limit is answered here and never reaches one.
    ctx.limits.attach(socket);
    refreshActorOnEvents(socket, ctx.services.accounts, ctx.logger);
    dispatchEvents(socket, table);
    // Every tab and device of a user shares this channel: direct delivery and "remove everywhere" use it.
    void socket.join(userChannel(socket.data.userId));
    if (isStaff(socket.data)) void socket.join(STAFF_CHANNEL);
    announceDepartureOnDisconnect(ctx, socket);
  });
}
