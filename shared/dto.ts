/** Data shapes that cross the wire. Timestamps are ISO-8601 strings in UTC. */

export const ROLES = ["member", "peer", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** What other participants see of a user: no username, which may identify them. */
export interface PresentUser {
  id: string;
  displayName: string;
  role: Role;
}

export interface Room {
  id: string;
  name: string;
  topic: string | null;
  createdBy: string;
  createdAt: string;
}

export interface Message {
  id: string;
  roomId: string;
  /** Per-room sequence number, starting at 1, with no gaps. */
  seq: number;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  clientMsgId: string;
}

export interface JoinResult {
  room: Room;
  present: PresentUser[];
  /** The highest sequence number stored in the room; 0 when it is empty. */
  lastSeq: number;
}

export interface HistoryPage {
  messages: Message[];
}

export interface LoginResponse {
  token: string;
  user: User;
  /** When the token stops being accepted, ISO-8601. */
  expiresAt: string;
}
