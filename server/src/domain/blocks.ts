/**
 * Blocking a person in rooms. A member may block another member: that person's room messages,
 * typing and reactions stop reaching them. Staff cannot be blocked, and staff cannot block, because
 * moderation and support must always get through and moderators must see everything. Private
 * conversations and assignments are untouched; the blocked person is never told.
 */
import type { BlockedPerson, Message } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { DomainError, forbidden, notFound } from "./errors";
import type { Store } from "../storage/ports";

/**
 * How long a node trusts its cached "who blocked this author". A block set on this node clears the
 * entry at once; other nodes read the store again when their entry is this old. A short TTL rather
 * than a published invalidation: it needs no new cross-node channel, works the same on one node and
 * behind the Redis adapter, and costs at most one small indexed query per active author per second.
 */
export const BLOCKERS_TTL_MS = 1000;
/** Past this many cached authors the oldest entries go first: the cache only saves queries. */
const MAX_CACHED = 10_000;

export interface BlockService {
  set(actor: Actor, input: { userId: string; blocked: boolean }): Promise<{ userId: string; blocked: boolean }>;
  list(actor: Actor): Promise<BlockedPerson[]>;
  /** The members who blocked this author and must not get what they do in a room now (none for staff). */
  blockersOf(authorId: string): Promise<string[]>;
  /** The members whose room messages are hidden from `reader` now (none for staff). */
  hiddenFrom(reader: Actor): Promise<string[]>;
  /** A page of room history as `reader` may see it: blocked authors' messages become placeholders. */
  hideFor(reader: Pick<Actor, "userId" | "role">, messages: Message[]): Promise<Message[]>;
}

/** Keeps id, seq and time so the reader's gap detection sees no hole; nothing about who or what. */
const placeholder = (m: Message): Message => ({
  id: m.id,
  roomId: m.roomId,
  seq: m.seq,
  authorId: "",
  authorName: "",
  body: "",
  createdAt: m.createdAt,
  clientMsgId: "",
  deletedAt: m.deletedAt,
  hidden: true,
});

export function createBlockService(deps: { store: Store; clock: Clock; now?: () => number }): BlockService {
  const { store, clock } = deps;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { ids: string[]; at: number }>();
  // Counts the blocks set on this node: a lookup that a block overtook is used once, not cached.
  let changes = 0;

  /** Only members block and are blocked: a role changed since keeps its records but they stop applying. */
  async function members(ids: string[]): Promise<Set<string>> {
    const users = await Promise.all(ids.map((id) => store.users.findById(id)));
    return new Set(users.filter((u) => u?.role === "member").map((u) => u!.id));
  }

  /** The members whose room messages are hidden from `reader` now: blocked, and still members both. */
  async function hiddenFrom(reader: Pick<Actor, "userId" | "role">): Promise<string[]> {
    if (reader.role !== "member") return [];
    const blocked = (await store.blocks.listBy(reader.userId)).map((r) => r.blockedId);
    return blocked.length === 0 ? [] : [...(await members(blocked))];
  }

  return {
    async set(actor, { userId, blocked }) {
      if (actor.role !== "member") throw forbidden("Peer supporters and moderators keep every message in view, so they cannot block people.");
      if (userId === actor.userId) throw new DomainError("invalid_input", "You cannot block yourself.");
      if (blocked) {
        const target = await store.users.findById(userId);
        if (!target) throw notFound("Person");
        if (target.role !== "member") {
          throw forbidden("Peer supporters, moderators and admins cannot be blocked: moderation and support messages must always reach people.");
        }
      }
      await store.blocks.set(actor.userId, userId, blocked, clock.now());
      // This node applies it from the next broadcast on; other nodes within BLOCKERS_TTL_MS.
      changes++;
      cache.delete(userId);
      return { userId, blocked };
    },

    async list(actor) {
      const records = await store.blocks.listBy(actor.userId);
      const users = await Promise.all(records.map((r) => store.users.findById(r.blockedId)));
      return records.flatMap((r, i) => {
        const u = users[i];
        return u ? [{ userId: u.id, displayName: u.displayName, blockedAt: r.createdAt.toISOString() }] : [];
      });
    },

    async blockersOf(authorId) {
      const hit = cache.get(authorId);
      if (hit && now() - hit.at < BLOCKERS_TTL_MS) return hit.ids;
      const at = now();
      const seen = changes;
      // The author's role is read with the rest, so one who became staff is heard by everyone within the TTL.
      const author = await store.users.findById(authorId);
      const ids = author?.role === "member" ? [...(await members(await store.blocks.blockersOf(authorId)))] : [];
      if (seen !== changes) return ids;
      cache.delete(authorId);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(authorId, { ids, at });
      return ids;
    },

    hiddenFrom,

    async hideFor(reader, messages) {
      if (messages.length === 0) return messages;
      const hidden = new Set(await hiddenFrom(reader));
      return hidden.size === 0 ? messages : messages.map((m) => (hidden.has(m.authorId) ? placeholder(m) : m));
    },
  };
}
