/**
 * What moderators look back at: the mutes and bans in force in a room, and one member's record of
 * sanctions and moderation actions over time. Read-only: lifting goes through moderation:unmute and
 * moderation:unban (moderation.ts), which check and audit it as any other action.
 */
import type { MemberModerationHistory, ModerationAction, SanctionView } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { Clock } from "./clock";
import { forbidden, notFound } from "./errors";
import { canModerate } from "./permissions";
import type { RoomService } from "./rooms";
import type { SanctionRecord, Store } from "../storage/ports";

/** The moderation actions on a person that their history shows. */
export const MODERATION_ACTIONS = new Set(["warn", "mute", "unmute", "remove", "ban", "unban", "message.delete"]);
/** How far back a history reaches: enough for any pattern a moderator acts on, bounded so one read stays small. */
export const MEMBER_HISTORY_LIMIT = 200;

export interface ModerationRecords {
  roomSanctions(actor: Actor, roomId: string): Promise<{ roomId: string; sanctions: SanctionView[] }>;
  memberHistory(actor: Actor, userId: string): Promise<MemberModerationHistory>;
}

export function createModerationRecords(deps: { store: Store; clock: Clock; rooms: RoomService }): ModerationRecords {
  const { store, clock, rooms } = deps;

  /** Names looked up once per answer; an erased account reads as such rather than failing the list. */
  function namer() {
    const cache = new Map<string, Promise<string>>();
    return (id: string) => {
      let name = cache.get(id);
      if (!name) {
        name = store.users.findById(id).then((u) => u?.displayName ?? "a former member");
        cache.set(id, name);
      }
      return name;
    };
  }

  async function view(s: SanctionRecord, nameOf: (id: string) => Promise<string>, now: Date): Promise<SanctionView> {
    const state = s.liftedAt ? "lifted" : s.expiresAt && s.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
    return {
      id: s.id,
      kind: s.kind,
      userId: s.userId,
      userName: await nameOf(s.userId),
      roomId: s.roomId,
      reason: s.reason,
      createdBy: s.createdBy,
      createdByName: await nameOf(s.createdBy),
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt?.toISOString() ?? null,
      liftedAt: s.liftedAt?.toISOString() ?? null,
      state,
    };
  }

  return {
    async roomSanctions(actor, roomId) {
      const { session } = await rooms.load(roomId);
      // The same people who may lift them: the session's facilitators, moderators and admins.
      if (!canModerate(actor, session)) throw forbidden("Only this room's facilitators and moderators can see its mutes and bans.");
      const now = clock.now();
      const nameOf = namer();
      const records = await store.sanctions.inForceInRoom(roomId, now);
      return { roomId, sanctions: await Promise.all(records.map((s) => view(s, nameOf, now))) };
    },

    async memberHistory(actor, userId) {
      // A person's whole record across rooms is for moderators and admins, not a session's facilitator.
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can see a member's moderation history.");
      const user = await store.users.findById(userId);
      if (!user) throw notFound("User");
      const now = clock.now();
      const nameOf = namer();
      const [records, entries] = await Promise.all([
        store.sanctions.ofUser(userId, MEMBER_HISTORY_LIMIT),
        // userId matches the actor or the target: read generously, keep what was done to them.
        store.audit.query({ userId, limit: MEMBER_HISTORY_LIMIT * 2 }),
      ]);
      const actions: ModerationAction[] = await Promise.all(
        entries
          .filter((e) => e.targetUserId === userId && MODERATION_ACTIONS.has(e.action))
          .slice(0, MEMBER_HISTORY_LIMIT)
          .map(async (e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, actorId: e.actorId, actorName: await nameOf(e.actorId), roomId: e.roomId, reason: e.reason })),
      );
      return { userId, displayName: user.displayName, sanctions: await Promise.all(records.map((s) => view(s, nameOf, now))), actions };
    },
  };
}
