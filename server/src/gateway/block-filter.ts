/**
 * Room broadcasts that leave out the members who blocked the person acting. `except()` with the
 * blockers' personal channels is resolved by the adapter on every node, so a blocker's tabs on
 * another node are left out too, and the blocked person's own broadcast looks the same as ever.
 */
import type { GatewayContext } from "./context";
import { roomChannel, userChannel, type HavenSocket } from "./types";

/** The room, less anyone who blocked `author`: for what its author did (a message, an edit, a reaction). */
export async function roomFrom(ctx: GatewayContext, roomId: string, authorId: string) {
  const blockers = await ctx.services.blocks.blockersOf(authorId);
  const to = ctx.io.to(roomChannel(roomId));
  return blockers.length > 0 ? to.except(blockers.map(userChannel)) : to;
}

/** As roomFrom, from the author's own socket (typing: everyone else in the room). */
export async function roomFromSocket(ctx: GatewayContext, socket: HavenSocket, roomId: string, authorId: string) {
  const blockers = await ctx.services.blocks.blockersOf(authorId);
  const to = socket.to(roomChannel(roomId));
  return blockers.length > 0 ? to.except(blockers.map(userChannel)) : to;
}
