/**
 * Per-person read marks in group rooms, and the unread counts they give. A mark only ever rises, so
 * a late or replayed "read up to 3" from a slow device cannot bring back messages already read.
 */
export interface RoomUnread {
  /** The person's read mark in the room; 0 when they never read it. */
  lastReadSeq: number;
  /**
   * Messages above the mark that someone else wrote, not deleted and not held for review: what is
   * new to this person. Their own messages are never "unread".
   */
  unread: number;
}

export interface RoomReadStore {
  /** Raises the user's read mark in the room to `seq`; never lowers it. Returns the mark now stored. */
  markRead(roomId: string, userId: string, seq: number): Promise<number>;
  /**
   * For each listed room the user is a member of (rooms they are not in are absent), their mark and
   * unread count: a fixed number of reads for a whole page of rooms, whatever its size. Messages by
   * the authors in `leaveOut` (those the user blocked) are not counted.
   */
  unreadFor(userId: string, roomIds: string[], leaveOut?: string[]): Promise<Map<string, RoomUnread>>;
  /** The room's members' user ids, to tell them something happened there. */
  memberIds(roomId: string): Promise<string[]>;
  /** Every mark of the user, for their export: room id and seq. */
  marksOf(userId: string): Promise<{ roomId: string; seq: number }[]>;
}
