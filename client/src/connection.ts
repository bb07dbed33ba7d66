import { io, type Socket } from "socket.io-client";
import type { Ack } from "../../shared/ack";
import type { Room } from "../../shared/dto";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/events";
import { MAX_ROOM_PAGE } from "../../shared/limits";

export type HavenSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

/** How long a request may go unanswered before it counts as failed (a send then offers Retry). */
export const REQUEST_TIMEOUT_MS = 10_000;

export function connect(token: string): HavenSocket {
  return io({ auth: { token }, transports: ["websocket", "polling"] });
}

/** Sends a request and resolves with its Ack; a silent server counts as unavailable. */
export async function request<E extends keyof ClientToServerEvents>(
  socket: HavenSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Ack<AckData<E>>> {
  try {
    const timed = socket.timeout(REQUEST_TIMEOUT_MS);
    const emit = timed.emitWithAck as unknown as (e: E, p: unknown) => Promise<Ack<AckData<E>>>;
    return await emit.call(timed, event, payload);
  } catch {
    return { ok: false, error: { code: "unavailable", message: "No answer from the server. Check your connection and try again." } };
  }
}

/** Every room the caller may see, read a page at a time. */
export async function listRooms(socket: HavenSocket): Promise<Ack<{ rooms: Room[] }>> {
  const rooms: Room[] = [];
  let cursor: string | undefined;
  for (;;) {
    const ack = await request(socket, "room:list", cursor === undefined ? { limit: MAX_ROOM_PAGE } : { cursor, limit: MAX_ROOM_PAGE });
    if (!ack.ok) return ack;
    rooms.push(...ack.data.rooms);
    if (ack.data.nextCursor === null) return { ok: true, data: { rooms } };
    cursor = ack.data.nextCursor;
  }
}
