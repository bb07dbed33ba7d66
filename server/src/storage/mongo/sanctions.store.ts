import { trusted, type Model } from "mongoose";
import type { SanctionKind, SanctionRecord, SanctionStore } from "../ports";
import type { Guard } from "./errors";
import type { SanctionDoc } from "./models/sanction.model";

export const toRecord = (d: SanctionDoc): SanctionRecord => ({
  id: d._id,
  kind: d.kind,
  userId: d.userId,
  roomId: d.roomId ?? null,
  reason: d.reason ?? null,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt ?? null,
  liftedAt: d.liftedAt ?? null,
});

const toDoc = ({ id, ...rest }: SanctionRecord): SanctionDoc => ({ _id: id, ...rest });

/** Not lifted and not expired at `now`; a null expiresAt never expires. */
const inForce = (kind: SanctionKind, userId: string, now: Date) => ({
  kind,
  userId,
  liftedAt: null,
  $or: [{ expiresAt: null }, { expiresAt: trusted({ $gt: now }) }],
});

export function mongoSanctionStore(Sanctions: Model<SanctionDoc>, guard: Guard): SanctionStore {
  return {
    create: (s) =>
      guard(async () => {
        await Sanctions.create(toDoc(s));
        return s;
      }),
    active: (kind, userId, roomId, now) =>
      guard(async () => {
        const filter = { ...inForce(kind, userId, now), roomId: trusted({ $in: [roomId, null] }) };
        return (await Sanctions.find(filter).sort({ createdAt: 1, _id: 1 }).lean<SanctionDoc[]>()).map(toRecord);
      }),
    lift: (kind, userId, roomId, at) =>
      guard(async () => {
        // roomId null matches only the all-sessions sanctions: equality, not "any room".
        const r = await Sanctions.updateMany({ ...inForce(kind, userId, at), roomId }, { $set: { liftedAt: at } });
        return r.modifiedCount;
      }),
  };
}
