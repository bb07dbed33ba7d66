import { trusted, type Model } from "mongoose";
import type { SanctionListStore } from "../sanction-list-ports";
import type { Guard } from "./errors";
import type { SanctionDoc } from "./models/sanction.model";
import { toRecord } from "./sanctions.store";

export function mongoSanctionLists(Sanctions: Model<SanctionDoc>, guard: Guard): SanctionListStore {
  return {
    inForceInRoom: (roomId, now) =>
      guard(async () => {
        // The all-sessions bans (roomId null) apply in every room, so they are listed with the room's own.
        const filter = { roomId: trusted({ $in: [roomId, null] }), liftedAt: null, $or: [{ expiresAt: null }, { expiresAt: trusted({ $gt: now }) }] };
        return (await Sanctions.find(filter).sort({ createdAt: -1, _id: -1 }).lean<SanctionDoc[]>()).map(toRecord);
      }),
    ofUser: (userId, limit) =>
      guard(async () => (await Sanctions.find({ userId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<SanctionDoc[]>()).map(toRecord)),
  };
}
