/**
 * The Socket.IO contract. The server uses these maps as they are; the client uses them with the
 * two directions swapped (Socket<ServerToClientEvents, ClientToServerEvents>).
 */
import type { AckCallback } from "./ack";
import type { HistoryPage, JoinResult, Message, PresentUser, Role, Room } from "./dto";
import type {
  MessageHistoryInput,
  MessageSendInput,
  RoomCreateInput,
  RoomRefInput,
  TypingSetInput,
} from "./schemas";

export interface ClientToServerEvents {
  "room:list": (payload: Record<string, never>, ack: AckCallback<{ rooms: Room[] }>) => void;
  "room:create": (payload: RoomCreateInput, ack: AckCallback<Room>) => void;
  "room:join": (payload: RoomRefInput, ack: AckCallback<JoinResult>) => void;
  "room:leave": (payload: RoomRefInput, ack: AckCallback<{ roomId: string }>) => void;
  "message:send": (payload: MessageSendInput, ack: AckCallback<Message>) => void;
  "message:history": (payload: MessageHistoryInput, ack: AckCallback<HistoryPage>) => void;
  "typing:set": (payload: TypingSetInput, ack: AckCallback<{ roomId: string }>) => void;
}

export interface ServerToClientEvents {
  "message:created": (message: Message) => void;
  "presence:joined": (event: { roomId: string; user: PresentUser }) => void;
  "presence:left": (event: { roomId: string; userId: string }) => void;
  "typing:updated": (event: { roomId: string; userId: string; displayName: string; typing: boolean }) => void;
  /** Sent before a graceful shutdown; clients should reconnect after the given delay. */
  "server:restarting": (event: { reconnectAfterMs: number }) => void;
  /**
   * Broadcasts from other nodes may have been lost (the node's link to Redis was down): the client
   * should gap-fill every room it has open, as it does after a reconnect.
   */
  "server:resync": (event: Record<string, never>) => void;
}

// Nothing travels between nodes outside the adapter yet.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
  userId: string;
  role: Role;
  displayName: string;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;
