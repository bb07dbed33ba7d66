import type { GatewayContext } from "./context";
import { registerConversationHandlers } from "./conversations.handlers";
import { registerMessageHandlers } from "./messages.handlers";
import { registerModerationHandlers } from "./moderation.handlers";
import { registerRoomHandlers } from "./rooms.handlers";
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

/** Wires every event handler onto each new connection. */
export function attachGateway(ctx: GatewayContext): void {
  ctx.io.on("connection", (socket) => {
    // Every tab and device of a user shares this channel: direct delivery and "remove everywhere" use it.
    // Before any handler: an event over its limit is answered here and never reaches one.
    ctx.limits.attach(socket);
    refreshActorOnEvents(socket, ctx.services.accounts, ctx.logger);
    void socket.join(userChannel(socket.data.userId));
    if (isStaff(socket.data)) void socket.join(STAFF_CHANNEL);
    registerRoomHandlers(ctx, socket);
    registerMessageHandlers(ctx, socket);
    registerTypingHandlers(ctx, socket);
    registerReactionHandlers(ctx, socket);
    registerReportHandlers(ctx, socket);
    registerBlockHandlers(ctx, socket);
    registerRoomReadHandlers(ctx, socket);
    registerModerationHandlers(ctx, socket);
    registerConversationHandlers(ctx, socket);
    registerFlagHandlers(ctx, socket);
    registerPeerEscalationHandlers(ctx, socket);
    registerCheckinHandlers(ctx, socket);
    registerConversationReactionHandlers(ctx, socket);
    registerModeratorToolHandlers(ctx, socket);
  });
}
