import { roomCreateSchema, roomJoinSchema, roomListSchema, roomRefSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { isPresent, presentUsers } from "./presence";
import { roomChannel, userChannel } from "./types";
import type { GatewayContext } from "./context";
import type { HavenSocket } from "./types";

export function registerRoomHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;

  on("room:list", roomListSchema, async (input, actor) => {
    const page = await services.rooms.list(actor, input ?? {});
    // The viewer's own unread counts on the rooms they are in (domain/room-reads.ts).
    return reply({ ...page, rooms: await services.roomReads.annotate(actor, page.rooms) });
  });

  on("room:create", roomCreateSchema, async (input, actor) => reply(await services.rooms.create(actor, input)));

  on("room:join", roomJoinSchema, async ({ roomId, watch }, actor, socket) => {
    const { room, lastSeq, watching, muted } = await services.rooms.join(actor, roomId, { watch });
    // One cluster-wide lookup: who was here before this socket joined, plus the joiner.
    const before = await presentUsers(ctx, roomId);
    const wasPresent = before.some((u) => u.id === actor.userId);
    // Watching is per socket: the same moderator may be visible in one tab and watching in another.
    const watched = new Set(socket.data.watching ?? []);
    const wasVisibleHere = socket.rooms.has(roomChannel(roomId)) && !watched.has(roomId);
    if (watching) watched.add(roomId);
    else watched.delete(roomId);
    socket.data.watching = [...watched];
    await socket.join(roomChannel(roomId));
    const present = wasPresent || watching ? before : [...before, { id: actor.userId, displayName: actor.displayName, role: actor.role }];
    // Switching this tab to watching: the room saw them arrive, so it must see them go (unless another tab keeps them here).
    const stoppedShowing = watching && wasVisibleHere && !(await isPresent(ctx, roomId, actor.userId));
    return reply({ room, present: stoppedShowing ? before.filter((u) => u.id !== actor.userId) : present, lastSeq, muted }, () => {
      if (stoppedShowing) io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId: actor.userId });
      if (wasPresent || watching) return;
      socket.to(roomChannel(roomId)).emit("presence:joined", {
        roomId,
        user: { id: actor.userId, displayName: actor.displayName, role: actor.role },
      });
    });
  });

  on("room:leave", roomRefSchema, async ({ roomId }, actor) => {
    await services.rooms.leave(actor, roomId);
    // A watching moderator's arrival was never announced, so neither is their departure.
    const wasPresent = await isPresent(ctx, roomId, actor.userId);
    // Leaving is the user's decision, not the tab's: every tab stops receiving the room.
    io.in(userChannel(actor.userId)).socketsLeave(roomChannel(roomId));
    return reply({ roomId }, () => {
      if (wasPresent) io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId: actor.userId });
    });
  });

}

/** When a socket goes, the rooms it showed its person in hear they left, unless another tab keeps them there. */
export function announceDepartureOnDisconnect(ctx: GatewayContext, socket: HavenSocket): void {
  const { io, logger, services } = ctx;
  socket.on("disconnecting", () => {
    const watching = new Set(socket.data.watching ?? []);
    const rooms = [...socket.rooms]
      .filter((r) => r.startsWith("room:"))
      .map((r) => r.slice("room:".length))
      .filter((roomId) => !watching.has(roomId));
    const { userId } = socket.data;
    // After disconnecting the socket is gone from fetchSockets; only then is "still present elsewhere" answerable.
    socket.once("disconnect", () => {
      for (const roomId of rooms) {
        isPresent(ctx, roomId, userId)
          .then(async (still) => {
            if (still) return;
            io.to(roomChannel(roomId)).emit("presence:left", { roomId, userId });
            await services.rooms.recordLeft(roomId, userId);
          })
          .catch((err: unknown) => logger.warn({ err, socketId: socket.id }, "presence update after disconnect failed"));
      }
    });
  });
}
