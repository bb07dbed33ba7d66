import type { Model } from "mongoose";
import type { OncallAttemptRecord, OncallDeliveryStore } from "../ports";
import type { Guard } from "./errors";
import type { OncallAttemptDoc } from "./models/oncall-attempt.model";

const toRecord = (d: OncallAttemptDoc): OncallAttemptRecord => ({
  id: d._id,
  deliveryId: d.deliveryId,
  event: d.event,
  flagId: d.flagId,
  attempt: d.attempt,
  status: d.status ?? null,
  error: d.error ?? null,
  at: d.at,
  outcome: d.outcome,
});

/** Append-only: nothing here updates or deletes an attempt. */
export function mongoOncallDeliveryStore(Attempts: Model<OncallAttemptDoc>, guard: Guard): OncallDeliveryStore {
  return {
    record: (a) =>
      guard(async () => {
        const { id, ...rest } = a;
        await Attempts.create({ _id: id, ...rest });
      }),
    list: ({ flagId, limit }) =>
      guard(async () => {
        const docs = await Attempts.find(flagId ? { flagId } : {})
          .sort({ at: -1, attempt: -1 })
          .limit(limit)
          .lean<OncallAttemptDoc[]>();
        return docs.map(toRecord);
      }),
  };
}
