import { trusted, type Model } from "mongoose";
import type { RegistrationRecord, RegistrationStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import { registrationId, type PlaceDoc, type RegistrationDoc } from "./models/registration.model";

const toRecord = (r: RegistrationDoc, registered: boolean): RegistrationRecord => ({
  sessionId: r.sessionId,
  userId: r.userId,
  status: registered ? "registered" : "waitlisted",
  createdAt: r.createdAt,
});

const holds = (places: PlaceDoc[], r: RegistrationDoc) => places.some((p) => p._id === r._id && p.order === r.order);

/** The lowest place below capacity that nobody holds, or null when all are held. */
const firstFree = (places: PlaceDoc[], capacity: number): number | null => {
  const taken = new Set(places.map((p) => p.place));
  for (let n = 0; n < capacity; n++) if (!taken.has(n)) return n;
  return null;
};

const REGISTRATION_ORDER = { createdAt: 1, order: 1 } as const;
// Places lost to other writers in one call before it settles for what it has.
const MAX_CONFLICTS = 50;

// Increasing within this process, so registrations with the same createdAt keep their order.
let lastOrder = 0;
const nextOrder = () => (lastOrder = Math.max(lastOrder + 1, Date.now() * 1000));

/**
 * Capacity holds because places are documents: taking one is an insert that the unique
 * {sessionId, place} index admits once per place, and _id (the registration's) once per
 * registration. Registered or waitlisted is whether the registration holds a place, so the two
 * can never disagree. Writes are ordered so that an interruption leaves a registration without a
 * place (waitlisted, promoted later), never a place without a registration: any such place is
 * an orphan of a race, and promotion drops it.
 */
export function mongoRegistrationStore(Registrations: Model<RegistrationDoc>, Places: Model<PlaceDoc>, guard: Guard): RegistrationStore {
  const placesOf = (sessionId: string) => Places.find({ sessionId }).lean<PlaceDoc[]>();

  const insertPlace = async (r: RegistrationDoc, place: number | null): Promise<boolean> => {
    if (place === null) return false;
    try {
      await Places.create({ _id: r._id, sessionId: r.sessionId, userId: r.userId, place, order: r.order });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return false;
    }
  };

  /** Takes a place for a new registration if one is free; true when it holds one. */
  async function seat(r: RegistrationDoc, capacity: number): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const places = await placesOf(r.sessionId);
      const mine = places.find((p) => p._id === r._id);
      // Given meanwhile by a promotion.
      if (mine?.order === r.order) return true;
      // Left by an earlier registration of the same user, which no longer exists.
      if (mine) await Places.deleteOne({ _id: mine._id, order: mine.order });
      else if (places.length >= capacity) return false;
      else if (await insertPlace(r, firstFree(places, capacity))) return true;
    }
    return false;
  }

  async function register(sessionId: string, userId: string, at: Date, capacity: number): Promise<RegistrationRecord> {
    const r: RegistrationDoc = { _id: registrationId(sessionId, userId), sessionId, userId, createdAt: at, order: nextOrder() };
    try {
      await Registrations.create(r);
    } catch (e) {
      const existing = isDuplicateKey(e) ? await find(sessionId, userId) : null;
      if (existing) return existing;
      throw e;
    }
    return toRecord(r, await seat(r, capacity));
  }

  /** Gives free places to the longest-waiting registrations, dropping orphaned places first. */
  async function promote(sessionId: string, capacity: number): Promise<RegistrationRecord[]> {
    const promoted: RegistrationRecord[] = [];
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; ) {
      // Places first: each place read here was taken for a registration the next read returns, unless it was removed.
      const places = await placesOf(sessionId);
      const registrations = await Registrations.find({ sessionId }).sort(REGISTRATION_ORDER).lean<RegistrationDoc[]>();
      const held = places.filter((p) => registrations.some((r) => r._id === p._id && r.order === p.order));
      const orphans = places.filter((p) => !held.includes(p));
      await Promise.all(orphans.map((p) => Places.deleteOne({ _id: p._id, order: p.order })));
      const next = registrations.find((r) => !holds(held, r));
      if (held.length >= capacity || !next) break;
      if (await insertPlace(next, firstFree(held, capacity))) promoted.push(toRecord(next, true));
      else conflicts++;
    }
    return promoted;
  }

  async function find(sessionId: string, userId: string): Promise<RegistrationRecord | null> {
    const id = registrationId(sessionId, userId);
    const r = await Registrations.findById(id).lean<RegistrationDoc>();
    if (!r) return null;
    const place = await Places.findById(id).lean<PlaceDoc>();
    return toRecord(r, place?.order === r.order);
  }

  async function unregister(sessionId: string, userId: string, capacity: number) {
    const removed = await find(sessionId, userId);
    if (!removed) return { removed: null, promoted: [] };
    const id = registrationId(sessionId, userId);
    // The place first: stopping between the two leaves a waitlisted registration, not an orphaned place.
    await Places.deleteOne({ _id: id });
    await Registrations.deleteOne({ _id: id });
    return { removed, promoted: await promote(sessionId, capacity) };
  }

  return {
    register: (sessionId, userId, at, capacity) => guard(() => register(sessionId, userId, at, capacity)),
    unregister: (sessionId, userId, capacity) => guard(() => unregister(sessionId, userId, capacity)),
    fill: (sessionId, capacity) => guard(() => promote(sessionId, capacity)),
    find: (sessionId, userId) => guard(() => find(sessionId, userId)),
    list: (sessionId) =>
      guard(async () => {
        const places = await placesOf(sessionId);
        const registrations = await Registrations.find({ sessionId }).sort(REGISTRATION_ORDER).lean<RegistrationDoc[]>();
        const records = registrations.map((r) => toRecord(r, holds(places, r)));
        return [...records.filter((r) => r.status === "registered"), ...records.filter((r) => r.status === "waitlisted")];
      }),
    listForUser: (userId) =>
      guard(async () => {
        const registrations = await Registrations.find({ userId }).sort({ createdAt: 1, _id: 1 }).lean<RegistrationDoc[]>();
        const places = await Places.find({ _id: trusted({ $in: registrations.map((r) => r._id) }) }).lean<PlaceDoc[]>();
        return registrations.map((r) => toRecord(r, holds(places, r)));
      }),
  };
}
