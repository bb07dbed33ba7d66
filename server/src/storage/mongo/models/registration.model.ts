import { Schema, type Connection } from "mongoose";

export interface RegistrationDoc {
  _id: string;
  sessionId: string;
  userId: string;
  createdAt: Date;
  /** Breaks createdAt ties in order of insertion. */
  order: number;
}

/**
 * One of a session's `capacity` places, held by a registration: a registration holding a place is
 * "registered", one without is on the waitlist. Taking a place is an insert that its unique
 * indexes admit once per place and once per registration, the only write that is atomic on
 * every server this store supports.
 */
export interface PlaceDoc {
  /** The holder's registration id: at most one place per registration. */
  _id: string;
  sessionId: string;
  userId: string;
  place: number;
  /** The holder's registration order, so a stale place is never mistaken for a newer one. */
  order: number;
}

// _id is `${sessionId}:${userId}`: one registration per pair, and a repeat register hits a duplicate key.
const schema = new Schema<RegistrationDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    order: { type: Number, required: true },
  },
  { versionKey: false, collection: "registrations" },
);
// list, and the waitlist in order.
schema.index({ sessionId: 1, createdAt: 1, order: 1 });
// listForUser.
schema.index({ userId: 1, createdAt: 1 });

const placeSchema = new Schema<PlaceDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    userId: { type: String, required: true },
    place: { type: Number, required: true },
    order: { type: Number, required: true },
  },
  { versionKey: false, collection: "registration_places" },
);
// Each place taken once; also serves reading a session's places.
placeSchema.index({ sessionId: 1, place: 1 }, { unique: true });

export const registrationId = (sessionId: string, userId: string): string => `${sessionId}:${userId}`;
export const registrationModel = (c: Connection) => c.model<RegistrationDoc>("Registration", schema);
export const placeModel = (c: Connection) => c.model<PlaceDoc>("RegistrationPlace", placeSchema);
