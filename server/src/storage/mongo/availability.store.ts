import { trusted, type Model } from "mongoose";
import type { AvailabilityRecord, AvailabilityStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import type { AvailabilityDoc } from "./models/availability.model";

const toRecord = (d: AvailabilityDoc): AvailabilityRecord => ({
  userId: d._id,
  status: d.status,
  message: d.message ?? null,
  updatedAt: d.updatedAt,
});

export function mongoAvailabilityStore(Availability: Model<AvailabilityDoc>, guard: Guard): AvailabilityStore {
  const upsert = async (a: AvailabilityRecord) => {
    await Availability.updateOne({ _id: a.userId }, { $set: { status: a.status, message: a.message, updatedAt: a.updatedAt } }, { upsert: true });
  };

  return {
    set: (a) =>
      guard(async () => {
        try {
          await upsert(a);
        } catch (e) {
          // Two first-time upserts of one user can both try to insert; the loser now finds the document.
          if (!isDuplicateKey(e)) throw e;
          await upsert(a);
        }
      }),
    get: (userIds) =>
      guard(async () => {
        if (userIds.length === 0) return [];
        const docs = await Availability.find({ _id: trusted({ $in: userIds }) }).lean<AvailabilityDoc[]>();
        const byId = new Map(docs.map((d) => [d._id, toRecord(d)]));
        // In the order asked, like the other stores.
        return userIds.flatMap((id) => byId.get(id) ?? []);
      }),
  };
}
