import { io, type Socket } from "socket.io-client";
import type { Ack } from "../../shared/ack";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/events";

export type HavenSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

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
    const emit = socket.timeout(10_000).emitWithAck as unknown as (e: E, p: unknown) => Promise<Ack<AckData<E>>>;
    return await emit.call(socket.timeout(10_000), event, payload);
  } catch {
    return { ok: false, error: { code: "unavailable", message: "No answer from the server." } };
  }
}
