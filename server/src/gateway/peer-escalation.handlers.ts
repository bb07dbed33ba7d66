/**
 * "Ask a moderator" from a peer's conversation, and the detail-free notices that tell a member's
 * peer supporters a moderator has been alerted about them (and when that is over).
 */
import { conversationEscalateSchema } from "../../../shared/schemas";
import { oncallIfUnattended } from "./escalation";
import { reply, type On } from "./handle";
import { STAFF_CHANNEL, userChannel } from "./types";
import type { GatewayContext } from "./context";

export function registerPeerEscalationHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;

  on("conversation:escalate", conversationEscalateSchema, async (input, actor) => {
    const flag = await services.peerEscalation.escalate(actor, input);
    return reply(flag, async () => {
      io.to(STAFF_CHANNEL).emit("flag:raised", flag);
      await oncallIfUnattended(ctx, flag);
      await tellPeers(ctx, flag.authorId);
    });
  });
}

/**
 * Tells the member's assigned peers whether a moderator is alerted about them now. Called after a
 * flag is raised, promoted or resolved; a failure only delays the mark until the caseload reloads.
 */
export async function tellPeers(ctx: GatewayContext, memberId: string): Promise<void> {
  try {
    for (const { peerId, notice } of await ctx.services.peerEscalation.noticesFor(memberId)) {
      ctx.io.to(userChannel(peerId)).emit("peer:flag_notice", notice);
    }
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "peer flag notice not sent");
  }
}
