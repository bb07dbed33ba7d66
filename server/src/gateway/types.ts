import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "../../../shared/events";

export type HavenServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type HavenSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO room names. One place, so a typo cannot route a message to the wrong audience. */
export const roomChannel = (roomId: string): string => `room:${roomId}`;
export const userChannel = (userId: string): string => `user:${userId}`;
/** Every moderator's and admin's sockets, on every node: where crisis alerts go. */
export const STAFF_CHANNEL = "staff";
