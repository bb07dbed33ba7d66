/**
 * Read marks in group rooms. A person's marks and counts are theirs alone: everything here goes to
 * their personal channel, so each of their tabs and devices, on any node, stays in step.
 */
import type { Message } from "../../../shared/dto";
import { roomReadSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { roomChannel, userChannel } from "./types";
import type { GatewayContext } from "./context";

export function registerRoomReadHandlers(ctx: GatewayContext, on: On): void {
  const { services } = ctx;

  on("room:read", roomReadSchema, async (input, actor, socket) => {
    const { seq, unread } = await services.roomReads.markRead(actor, input);
    const { roomId } = input;
    // The other tabs clear their count too; this one has the ack.
    return reply({ roomId, seq, unread }, () => socket.to(userChannel(actor.userId)).emit("room:read_mark", { roomId, seq, unread }));
  });
}

/**
 * After a message is stored and broadcast: its room's members (but its author) hear that something
 * arrived, without its words, so a room that is not open on their screen can count it. Members only
 * receive the room's messages on sockets that joined it, which a room list does not.
 */
export async function announceRoomActivity(ctx: GatewayContext, message: Pick<Message, "roomId" | "seq" | "authorId" | "held">): Promise<void> {
  // A held message is for its author alone until a moderator releases it.
  if (message.held) return;
  const audience = await ctx.services.roomReads.audienceOf(message.roomId, message.authorId);
  // Sockets with the room open have just had the message itself; a second packet each would double
  // the room's fan-out for nothing. The person's other tabs and devices still hear of it.
  if (audience.length > 0) ctx.io.to(audience.map(userChannel)).except(roomChannel(message.roomId)).emit("room:activity", { roomId: message.roomId, seq: message.seq });
}
