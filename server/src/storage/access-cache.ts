/**
 * The facts every room event reads to be authorised (the room, its session, membership,
 * registration, bans and mutes) and whom to tell of a new message (the room's members), kept in memory in front of the store, so a busy room does not
 * pay several database round trips per message for answers that rarely change.
 *
 * Correctness comes from invalidation, not from the time limit:
 * - a write through any of these areas on this node drops that area's entries once it is stored,
 *   and `onChange` hears it so the other nodes drop theirs before the write returns (app.ts asks
 *   them through Redis and waits for their answers);
 * - a read that overlapped a write is not kept (each area has a generation, as blocks.ts does);
 * - entries found again are copies, so no caller can change what the next one reads;
 * - a sanction is re-checked against the clock on every hit, so a mute ends on time.
 * What is changed around Haven (the admin CLI, a database edit) is not announced: `clear()` runs
 * before each access sweep, and no entry outlives `ttlMs`, the same bound as that sweep.
 * Accounts are not cached: a role changed by the CLI counts from the next event (current-actor.ts).
 */
import type { SanctionRecord, Store } from "./ports";

export const ACCESS_AREAS = ["rooms", "sessions", "registrations", "sanctions"] as const;
export type AccessArea = (typeof ACCESS_AREAS)[number];
export const isAccessArea = (a: unknown): a is AccessArea => typeof a === "string" && (ACCESS_AREAS as readonly string[]).includes(a);

export interface AccessCache {
  readonly store: Store;
  /** Drops what another node changed. */
  forget(areas: readonly AccessArea[]): void;
  /** Drops everything (a sweep for changes made around Haven, or a link to the other nodes restored). */
  clear(): void;
  /**
   * Hears each area this node changed, once the change is stored; the write returns only after the
   * listener's promise settles, so whoever sees it done can rely on every node having forgotten.
   */
  onChange(listener: (areas: AccessArea[]) => Promise<void> | void): void;
}

interface Area {
  gen: number;
  entries: Map<string, { value: unknown; at: number }>;
}

/** Methods of each area that only read; any other method is taken for a write. */
const READS: Record<AccessArea, ReadonlySet<string>> = {
  rooms: new Set(["findById", "list", "listPage", "isMember"]),
  sessions: new Set(["findById", "findByRoom", "findByIds", "listBetween", "dueToEnd"]),
  registrations: new Set(["find", "list", "listForUser"]),
  sanctions: new Set(["active", "inForceInRoom", "ofUser"]),
};

const PERSONAL_READS: ReadonlySet<string> = new Set(["messagesBy", "sanctionsOn", "attendanceOf", "assignmentsOf", "flagsAbout", "reactionsBy"]);

const inForce = (s: SanctionRecord, now: Date) => s.liftedAt === null && (s.expiresAt === null || s.expiresAt > now);

export function cacheAccessReads(inner: Store, options: { ttlMs: number; now?: () => number; maxEntries?: number }): AccessCache {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 20_000;
  const areas = Object.fromEntries(ACCESS_AREAS.map((a) => [a, { gen: 0, entries: new Map() }])) as Record<AccessArea, Area>;
  const listeners: ((areas: AccessArea[]) => Promise<void> | void)[] = [];

  const forget = (names: readonly AccessArea[]) => {
    for (const name of names) {
      areas[name].gen++;
      areas[name].entries.clear();
    }
  };
  const changed = async (names: AccessArea[]) => {
    forget(names);
    await Promise.all(listeners.map((l) => l(names)));
  };

  async function cached<T>(name: AccessArea, key: string, load: () => Promise<T>): Promise<T> {
    const area = areas[name];
    const hit = area.entries.get(key);
    if (hit && now() - hit.at < options.ttlMs) return structuredClone(hit.value) as T;
    const gen = area.gen;
    const at = now();
    const value = await load();
    if (area.gen === gen) {
      // A crude bound: a node with this many distinct facts in one sweep interval simply starts over.
      if (area.entries.size >= max) area.entries.clear();
      area.entries.set(key, { value: structuredClone(value), at });
    }
    return value;
  }

  /**
   * A sub-store whose writes are announced for `names` once they return; `reads` replaces the
   * methods that are cached, and the methods in `passes` only read.
   */
  function wrap<S extends object>(names: AccessArea[], target: S, passes: ReadonlySet<string>, reads: Partial<S> = {}): S {
    return new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === "string" && prop in reads) return reads[prop as keyof S];
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== "function") return value;
        if (typeof prop === "string" && passes.has(prop)) return value.bind(t);
        return async (...args: unknown[]) => {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          } finally {
            // Also after a failure: a write that timed out may still have been stored.
            await changed(names);
          }
        };
      },
    });
  }

  const store: Store = {
    ...inner,
    rooms: wrap(["rooms"], inner.rooms, READS.rooms, {
      findById: (id: string) => cached("rooms", `room:${id}`, () => inner.rooms.findById(id)),
      isMember: (roomId: string, userId: string) => cached("rooms", `member:${roomId}:${userId}`, () => inner.rooms.isMember(roomId, userId)),
    }),
    sessions: wrap(["sessions"], inner.sessions, READS.sessions, {
      findById: (id: string) => cached("sessions", id, () => inner.sessions.findById(id)),
    }),
    registrations: wrap(["registrations"], inner.registrations, READS.registrations, {
      find: (sessionId: string, userId: string) => cached("registrations", `${sessionId}:${userId}`, () => inner.registrations.find(sessionId, userId)),
    }),
    sanctions: wrap(["sanctions"], inner.sanctions, READS.sanctions, {
      // Kept as read, and filtered by the clock of each call: an expiry needs no write to take effect.
      active: async (kind: SanctionRecord["kind"], userId: string, roomId: string, at: Date) =>
        (await cached("sanctions", `${kind}:${userId}:${roomId}`, () => inner.sanctions.active(kind, userId, roomId, at))).filter((s) => inForce(s, at)),
    }),
    // Whom to tell of each new message: the room's members, which only rooms.addMember and
    // removeMember (or an erasure) change. Its reads and marks pass straight through.
    roomReads: { ...inner.roomReads, memberIds: (roomId: string) => cached("rooms", `members:${roomId}`, () => inner.roomReads.memberIds(roomId)) },
    // Erasing an account deletes its memberships, registrations and sanctions.
    personal: wrap([...ACCESS_AREAS], inner.personal, PERSONAL_READS),
  };

  return {
    store,
    forget,
    clear: () => forget(ACCESS_AREAS),
    onChange: (l) => void listeners.push(l),
  };
}
