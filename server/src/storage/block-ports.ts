/**
 * Blocks between people in rooms: one record per (blocker, blocked). Only ids and a time, nothing a
 * person wrote, so nothing here is sealed; the records go when either account is erased.
 */
export interface BlockRecord {
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}

export interface BlockStore {
  /** Idempotent: blocking again keeps the first time; unblocking someone not blocked changes nothing. */
  set(blockerId: string, blockedId: string, blocked: boolean, at: Date): Promise<void>;
  /** Whom `blockerId` has blocked, most recent first. */
  listBy(blockerId: string): Promise<BlockRecord[]>;
  /** Who has blocked `blockedId`: the live broadcast leaves their sockets out. */
  blockersOf(blockedId: string): Promise<string[]>;
}
