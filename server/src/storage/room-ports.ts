/** Rooms and their settings. Part of the store's ports (ports.ts). */

export interface RoomRecord {
  id: string;
  name: string;
  topic: string | null;
  createdBy: string;
  createdAt: Date;
  /** The scheduled session this room belongs to; null for a standing room. */
  sessionId: string | null;
  /** Locked by a moderator: only staff of the room may send. */
  locked: boolean;
  /** Slow mode: members may send one message per this many seconds; 0 is off. */
  slowModeSeconds: number;
  pinned: PinnedRecord | null;
}

export interface PinnedRecord {
  body: string;
  byId: string;
  at: Date;
}

/** The moderator-controlled settings of a room; absent fields are left as they are. */
export interface RoomSettingsPatch {
  locked?: boolean;
  slowModeSeconds?: number;
  pinned?: PinnedRecord | null;
}

export interface RoomStore {
  create(room: RoomRecord): Promise<RoomRecord>;
  /**
   * Creates a room that claims `nameKey`, atomically: StoreConflictError, and no room, when another
   * room holds that key already.
   */
  createNamed(room: RoomRecord, nameKey: string): Promise<RoomRecord>;
  findById(id: string): Promise<RoomRecord | null>;
  list(): Promise<RoomRecord[]>;
  /** Up to `limit` rooms after the cursor, in (createdAt, id) order: a listing page. */
  listPage(page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<RoomRecord[]>;
  /** Idempotent. */
  addMember(roomId: string, userId: string, at: Date): Promise<void>;
  /** Idempotent. */
  removeMember(roomId: string, userId: string): Promise<void>;
  isMember(roomId: string, userId: string): Promise<boolean>;
  /** Returns the updated room, or null for an unknown id. */
  updateSettings(roomId: string, patch: RoomSettingsPatch): Promise<RoomRecord | null>;
}
