import { Schema, type Connection } from "mongoose";

export interface AttendanceDoc {
  _id: string;
  sessionId: string;
  userId: string;
  joinedAt: Date;
  leftAt: Date | null;
  /**
   * `${sessionId}:${userId}` while the interval is open, the interval's own id once closed. Its
   * unique index allows one open interval per user and session, with no transaction or partial index.
   */
  openKey: string;
}

const schema = new Schema<AttendanceDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    userId: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    leftAt: { type: Date, default: null },
    openKey: { type: String, required: true },
  },
  { versionKey: false, collection: "attendance" },
);
// recordJoin (uniqueness) and recordLeave (finding the open interval).
schema.index({ openKey: 1 }, { unique: true });
// list by joinedAt, and closeAll's open intervals of a session.
schema.index({ sessionId: 1, joinedAt: 1 });
// A person's attendance, for their export and erasure.
schema.index({ userId: 1, joinedAt: 1 });
// The retention sweep: intervals that began before its cutoff.
schema.index({ joinedAt: 1 });

export const openKey = (sessionId: string, userId: string): string => `${sessionId}:${userId}`;
export const attendanceModel = (c: Connection) => c.model<AttendanceDoc>("Attendance", schema);
