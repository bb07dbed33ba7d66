/**
 * Read marks in group rooms: how far each person has read, what is new to them, and the counts on
 * their room list. Only someone who may read a room now (membership, bans, the session's
 * invitations and registration, decided from the stored state) marks it or learns its counts.
 */
import type { Room } from "../../../shared/dto";
import type { AccessService } from "./access";
import type { BlockService } from "./blocks";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { canModerate } from "./permissions";
import { canSee } from "./sessions";
import type { Store } from "../storage/ports";

export interface RoomReadService {
  /**
   * Raises the actor's mark in the room to `seq`, clamped to the room's last message: a mark past it
   * would hide messages not written yet. Never lowers it. Returns the mark now stored and the unread count.
   */
  markRead(actor: Actor, input: { roomId: string; seq: number }): Promise<{ seq: number; unread: number }>;
  /**
   * The page of rooms with the actor's `unread` and `lastReadSeq` on each room they are a member of
   * and may read now; other rooms are returned unchanged. A fixed number of reads, whatever the page size.
   */
  annotate(actor: Actor, rooms: Room[]): Promise<Room[]>;
  /** Whom to tell that a message arrived: the room's members but its author and those who blocked them. */
  audienceOf(roomId: string, authorId: string): Promise<string[]>;
}

export function createRoomReadService(deps: { store: Store; clock: Clock; access: AccessService; blocks: Pick<BlockService, "blockersOf" | "hiddenFrom"> }): RoomReadService {
  const { store, clock, access, blocks } = deps;
  // A blocked person's messages are hidden from the blocker, so they are not theirs to read either.
  const unreadFor = async (actor: Actor, roomIds: string[]) => store.roomReads.unreadFor(actor.userId, roomIds, await blocks.hiddenFrom(actor));

  /** Of the rooms the actor is a member of, those they may read now. */
  async function readable(actor: Actor, rooms: Room[], memberOf: Set<string>): Promise<Set<string>> {
    const joined = rooms.filter((r) => memberOf.has(r.id));
    if (joined.length === 0) return new Set();
    const sessions = new Map((await store.sessions.findByIds(joined.flatMap((r) => (r.sessionId ? [r.sessionId] : [])))).map((s) => [s.id, s]));
    const registered = new Set(
      sessions.size === 0 ? [] : (await store.registrations.listForUser(actor.userId)).filter((r) => r.status === "registered").map((r) => r.sessionId),
    );
    // A room ban takes the membership away (moderation.ts), so a member is only ever held back by
    // a ban on every session; asking about one room also answers for those.
    const bans = await store.sanctions.active("ban", actor.userId, joined[0]!.id, clock.now());
    const bannedEverywhere = bans.some((b) => b.roomId === null);
    const out = new Set<string>();
    for (const r of joined) {
      const session = r.sessionId ? (sessions.get(r.sessionId) ?? null) : null;
      if (r.sessionId && !session) continue;
      if (canModerate(actor, session)) {
        out.add(r.id);
        continue;
      }
      if (bannedEverywhere || bans.some((b) => b.roomId === r.id)) continue;
      if (session && (!canSee(actor, session) || !registered.has(session.id))) continue;
      out.add(r.id);
    }
    return out;
  }

  return {
    async markRead(actor, { roomId, seq }) {
      await access.requireRead(actor, roomId);
      const capped = Math.min(seq, await store.messages.lastSeq(roomId));
      const stored = await store.roomReads.markRead(roomId, actor.userId, capped);
      // A watching moderator is not a member: their mark is kept, with nothing counted for them.
      const counts = await unreadFor(actor, [roomId]);
      return { seq: stored, unread: counts.get(roomId)?.unread ?? 0 };
    },

    async annotate(actor, rooms) {
      const counts = await unreadFor(
        actor,
        rooms.map((r) => r.id),
      );
      if (counts.size === 0) return rooms;
      const allowed = await readable(actor, rooms, new Set(counts.keys()));
      return rooms.map((r) => {
        const c = allowed.has(r.id) ? counts.get(r.id) : undefined;
        return c ? { ...r, unread: c.unread, lastReadSeq: c.lastReadSeq } : r;
      });
    },

    async audienceOf(roomId, authorId) {
      const [members, blockers] = await Promise.all([store.roomReads.memberIds(roomId), blocks.blockersOf(authorId)]);
      const left = new Set([authorId, ...blockers]);
      return members.filter((id) => !left.has(id));
    },
  };
}
