import { emptySchema, roomCreateSchema, roomRefSchema } from "../../../shared/schemas";
import { on, reply } from "./handle";
import { isPresent, presentUsers } from "./presence";
import { roomChannel, userChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerRoomHandlers(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services } = ctx;

  on(socket, logger, "room:list", emptySchema, async (_input, actor) => reply({ rooms: await services.rooms.list(actor) }));

  on(socket, logger, "room:create", roomCreateSchema, async (input, actor) => reply(await services.rooms.create(actor, input)));

  on(socket, logger, "room:join", roomRefSchema, async ({ roomId }, actor) => {
    const { room, lastSeq } = await services.rooms.join(actor, roomId);
    const wasPresent = await isPresent(ctx, roomId, actor.userId);
    await socket.join(roomChannel(roomId));
    const present = await presentUsers(ctx, roomId);
    return reply({ room, present, lastSeq }, () => {
      if (wasPresent) return;
      socket.to(roomChannel(roomId)).emit("presence:joined", {
        roomId,
        user: { id: actor.userId, displayName: actor.displayName, role: actor.role },
      });
    });
  });

  on(socket, logger, "room:leave", roomRefSchema, async ({ roomId }, actor) => {
    await services.rooms.leave(actor, roomId);
    // Leaving is the user's decision, not the tab's: every tab stops receiving the room.
    io.in(userChannel(actor.userId)).socketsLeave(roomChannel(roomId));
    return reply({ roomId }, () => io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId: actor.userId }));
  });

  socket.on("disconnecting", () => {
    const rooms = [...socket.rooms].filter((r) => r.startsWith("room:")).map((r) => r.slice("room:".length));
    const { userId } = socket.data;
    // After disconnecting the socket is gone from fetchSockets; only then is "still present elsewhere" answerable.
    socket.once("disconnect", () => {
      for (const roomId of rooms) {
        isPresent(ctx, roomId, userId)
          .then((still) => {
            if (!still) io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId });
          })
          .catch((err: unknown) => logger.warn({ err, socketId: socket.id }, "presence update after disconnect failed"));
      }
    });
  });
}
