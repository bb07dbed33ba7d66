/** Finding one room on a socket's room list, however many pages other tests' rooms fill. */
import type { Room } from "../../shared/dto";
import { MAX_ROOM_PAGE } from "../../shared/limits";
import { expectOk, request, type ClientSocket } from "./server";

/** The room as the socket's room list shows it, walking every page. */
export async function listed(socket: ClientSocket, roomId: string): Promise<Room> {
  let cursor: string | undefined;
  for (;;) {
    const page = expectOk(await request(socket, "room:list", cursor ? { cursor, limit: MAX_ROOM_PAGE } : { limit: MAX_ROOM_PAGE }));
    const room = page.rooms.find((r) => r.id === roomId);
    if (room) return room;
    if (!page.nextCursor) throw new Error("room not listed");
    cursor = page.nextCursor;
  }
}
