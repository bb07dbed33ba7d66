/**
 * Scheduled group sessions: the schedule, registration with a waitlist, and attendance. Whether a
 * session's room is open is derived from its stored times (schedule.ts), never held in memory.
 */
import { randomUUID } from "node:crypto";
import type { AttendanceEntry, Session, SessionDetail } from "../../../shared/dto";
import { MAX_OCCURRENCES } from "../../../shared/schemas";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { AuditService } from "./audit";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { toSession, toSessionDetail } from "./mappers";
import { canModerate } from "./permissions";
import { isValidTimeZone, sessionState, weeklyOccurrences, type Recurrence } from "./schedule";
import type { SessionPatch, SessionRecord, Store } from "../storage/ports";

export interface SessionInput {
  title: string;
  topic?: string | null;
  description?: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  facilitatorIds: string[];
  moderatorIds?: string[];
  audience?: "all" | "invite";
  inviteeIds?: string[];
  joinWindowMinutes?: number;
  recurrence?: Recurrence;
}

export interface SessionService {
  create(actor: Actor, input: SessionInput): Promise<SessionDetail[]>;
  /** Edits one occurrence. Returns who was promoted from the waitlist by a larger capacity. */
  update(actor: Actor, id: string, patch: SessionPatch): Promise<{ session: SessionDetail; promoted: string[] }>;
  /** Returns everyone registered or waiting, to be told. */
  cancel(actor: Actor, id: string): Promise<{ session: SessionDetail; notify: string[] }>;
  extend(actor: Actor, id: string, minutes: number): Promise<SessionDetail>;
  /** The sessions the actor may see that overlap the range (default: from now, the next 30 days). */
  list(actor: Actor, range: { from?: Date; to?: Date }): Promise<Session[]>;
  get(actor: Actor, id: string): Promise<SessionDetail>;
  register(actor: Actor, id: string): Promise<Session>;
  unregister(actor: Actor, id: string): Promise<{ session: Session; promoted: string[] }>;
  attendance(actor: Actor, id: string): Promise<AttendanceEntry[]>;
  /** Ends every session past its end that no node has ended yet; returns the ones this call ended. */
  endDue(): Promise<SessionRecord[]>;
}

const DEFAULT_JOIN_WINDOW_MINUTES = 10;
const DEFAULT_LIST_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export const DEFAULT_DUE_BATCH = 100;

/** May this actor see (and so register for) the session? */
export function canSee(actor: Actor, s: SessionRecord): boolean {
  return s.audience === "all" || canModerate(actor, s) || s.inviteeIds.includes(actor.userId);
}

export function createSessionService(deps: { store: Store; clock: Clock; audit: AuditService }): SessionService {
  const { store, clock, audit } = deps;

  async function load(id: string): Promise<SessionRecord> {
    const s = await store.sessions.findById(id);
    if (!s) throw notFound("Session");
    return s;
  }

  async function visible(actor: Actor, id: string): Promise<SessionRecord> {
    const s = await load(id);
    // Not "forbidden": an invite-only session's existence is not disclosed to the uninvited.
    if (!canSee(actor, s)) throw notFound("Session");
    return s;
  }

  const detail = async (s: SessionRecord, viewer: Actor) => {
    const full = toSessionDetail(s, clock.now(), await store.registrations.list(s.id), viewer.userId);
    // Who else is invited is for the session's staff: an invitee learns only that they are.
    if (canModerate(viewer, s)) return full;
    return { ...full, inviteeIds: full.inviteeIds.filter((id) => id === viewer.userId) };
  };
  const view = async (s: SessionRecord, viewer: Actor) => toSession(s, clock.now(), await store.registrations.list(s.id), viewer.userId);

  function requireStaff(actor: Actor): void {
    if (!isStaff(actor)) throw forbidden("Only moderators and admins can manage sessions.");
  }

  async function requireFacilitators(ids: string[]): Promise<void> {
    for (const id of ids) {
      const u = await store.users.findById(id);
      if (!u) throw new DomainError("invalid_input", "A facilitator or moderator does not exist.", { userId: id });
      if (u.role === "member") throw new DomainError("invalid_input", "Facilitators and session moderators must be peer supporters or staff.", { userId: id });
    }
  }

  function requireChangeable(s: SessionRecord): void {
    const state = sessionState(s, clock.now());
    if (state === "ended" || state === "cancelled") throw conflict(`The session has ${state === "ended" ? "ended" : "been cancelled"}.`);
  }

  return {
    async create(actor, input) {
      requireStaff(actor);
      if (input.recurrence?.timeZone && !isValidTimeZone(input.recurrence.timeZone)) {
        throw new DomainError("invalid_input", "Unknown time zone.", { path: "recurrence.timeZone" });
      }
      await requireFacilitators([...input.facilitatorIds, ...(input.moderatorIds ?? [])]);
      const now = clock.now();
      const occurrences = weeklyOccurrences(input.startsAt, input.endsAt, input.recurrence, MAX_OCCURRENCES);
      const seriesId = randomUUID();
      const created: SessionDetail[] = [];
      for (const o of occurrences) {
        const id = created.length === 0 ? seriesId : randomUUID();
        const roomId = randomUUID();
        await store.rooms.create({
          id: roomId,
          name: input.title,
          topic: input.topic ?? null,
          createdBy: actor.userId,
          createdAt: now,
          sessionId: id,
          locked: false,
          slowModeSeconds: 0,
          pinned: null,
        });
        const s = await store.sessions.create({
          id,
          seriesId,
          roomId,
          title: input.title,
          topic: input.topic ?? null,
          description: input.description ?? null,
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          capacity: input.capacity,
          facilitatorIds: input.facilitatorIds,
          moderatorIds: input.moderatorIds ?? [],
          audience: input.audience ?? "all",
          inviteeIds: input.inviteeIds ?? [],
          joinWindowMinutes: input.joinWindowMinutes ?? DEFAULT_JOIN_WINDOW_MINUTES,
          createdBy: actor.userId,
          createdAt: now,
          cancelledAt: null,
          endedAt: null,
        });
        created.push(toSessionDetail(s, now, [], actor.userId));
      }
      await audit.record(actor, "session.create", { sessionId: seriesId, details: { occurrences: created.length } });
      return created;
    },

    async update(actor, id, patch) {
      requireStaff(actor);
      const before = await load(id);
      requireChangeable(before);
      if (patch.facilitatorIds || patch.moderatorIds) await requireFacilitators([...(patch.facilitatorIds ?? []), ...(patch.moderatorIds ?? [])]);
      const startsAt = patch.startsAt ?? before.startsAt;
      const endsAt = patch.endsAt ?? before.endsAt;
      if (endsAt <= startsAt) throw new DomainError("invalid_input", "endsAt must be after startsAt.", { path: "endsAt" });
      const updated = await store.sessions.update(id, patch);
      if (!updated) throw notFound("Session");
      // Taken off an invite-only session's list: their place (or waitlist spot) goes too, so they hear
      // nothing more of it and nobody is promoted into a session they may not see.
      const uninvited = updated.audience === "invite" ? (await store.registrations.list(id)).filter((r) => !updated.inviteeIds.includes(r.userId)) : [];
      const promoted = [];
      for (const r of uninvited) promoted.push(...(await store.registrations.unregister(id, r.userId, updated.capacity)).promoted);
      if (patch.capacity !== undefined) promoted.push(...(await store.registrations.fill(id, updated.capacity)));
      await audit.record(actor, "session.update", { sessionId: id, roomId: updated.roomId, details: { fields: Object.keys(patch) } });
      const stillInvited = promoted.filter((r) => updated.audience !== "invite" || updated.inviteeIds.includes(r.userId));
      return { session: await detail(updated, actor), promoted: [...new Set(stillInvited.map((r) => r.userId))] };
    },

    async cancel(actor, id) {
      requireStaff(actor);
      const before = await load(id);
      if (sessionState(before, clock.now()) === "ended") throw conflict("The session has already ended.");
      const cancelled = await store.sessions.cancel(id, clock.now());
      if (!cancelled) throw notFound("Session");
      await audit.record(actor, "session.cancel", { sessionId: id, roomId: cancelled.roomId });
      const notify = (await store.registrations.list(id)).map((r) => r.userId);
      return { session: await detail(cancelled, actor), notify };
    },

    async extend(actor, id, minutes) {
      const s = await load(id);
      if (!canModerate(actor, s)) throw forbidden("Only the session's facilitators and moderators can extend it.");
      requireChangeable(s);
      const updated = await store.sessions.update(id, { endsAt: new Date(s.endsAt.getTime() + minutes * 60_000) });
      if (!updated) throw notFound("Session");
      await audit.record(actor, "session.extend", { sessionId: id, roomId: s.roomId, details: { minutes } });
      return detail(updated, actor);
    },

    async list(actor, range) {
      const from = range.from ?? clock.now();
      const to = range.to ?? new Date(from.getTime() + DEFAULT_LIST_DAYS * DAY);
      const sessions = (await store.sessions.listBetween(from, to)).filter((s) => canSee(actor, s));
      return Promise.all(sessions.map((s) => view(s, actor)));
    },

    async get(actor, id) {
      return detail(await visible(actor, id), actor);
    },

    async register(actor, id) {
      const s = await visible(actor, id);
      requireChangeable(s);
      const banned = await store.sanctions.active("ban", actor.userId, s.roomId, clock.now());
      if (banned.length > 0) throw forbidden("You cannot register for this session.");
      await store.registrations.register(id, actor.userId, clock.now(), s.capacity);
      return view(s, actor);
    },

    async unregister(actor, id) {
      const s = await visible(actor, id);
      const { promoted } = await store.registrations.unregister(id, actor.userId, s.capacity);
      return { session: await view(s, actor), promoted: promoted.map((r) => r.userId) };
    },

    async attendance(actor, id) {
      const s = await load(id);
      if (!canModerate(actor, s)) throw forbidden("Only the session's facilitators and moderators can see attendance.");
      const rows = await store.attendance.list(id);
      const names = new Map<string, string>();
      for (const r of rows) {
        if (!names.has(r.userId)) names.set(r.userId, (await store.users.findById(r.userId))?.displayName ?? "(deleted account)");
      }
      return rows.map((r) => ({
        userId: r.userId,
        displayName: names.get(r.userId) ?? "",
        joinedAt: r.joinedAt.toISOString(),
        leftAt: r.leftAt ? r.leftAt.toISOString() : null,
      }));
    },

    async endDue() {
      const now = clock.now();
      const ended: SessionRecord[] = [];
      for (const s of await store.sessions.dueToEnd(now, DEFAULT_DUE_BATCH)) {
        // The store's compare-and-set is the lease: of all nodes racing here, one wins per session.
        if (!(await store.sessions.markEnded(s.id, now))) continue;
        await store.attendance.closeAll(s.id, s.endsAt);
        ended.push({ ...s, endedAt: now });
      }
      return ended;
    },
  };
}
