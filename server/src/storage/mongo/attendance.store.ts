import type { Model } from "mongoose";
import type { AttendanceRecord, AttendanceStore } from "../ports";
import { isDuplicateKey, type Guard } from "./errors";
import { openKey, type AttendanceDoc } from "./models/attendance.model";

export const toRecord = (d: AttendanceDoc): AttendanceRecord => ({
  id: d._id,
  sessionId: d.sessionId,
  userId: d.userId,
  joinedAt: d.joinedAt,
  leftAt: d.leftAt ?? null,
});

export function mongoAttendanceStore(Attendance: Model<AttendanceDoc>, guard: Guard): AttendanceStore {
  // Closing frees the user's openKey for the next interval; leftAt null keeps a repeat harmless.
  const close = async (id: string, at: Date) => {
    await Attendance.updateOne({ _id: id, leftAt: null }, { $set: { leftAt: at, openKey: id } });
  };

  return {
    recordJoin: (e) =>
      guard(async () => {
        const key = e.leftAt === null ? openKey(e.sessionId, e.userId) : e.id;
        try {
          await Attendance.create({ _id: e.id, sessionId: e.sessionId, userId: e.userId, joinedAt: e.joinedAt, leftAt: e.leftAt, openKey: key });
        } catch (err) {
          // The user already has an open interval here (another tab), or this join was stored already.
          if (!isDuplicateKey(err)) throw err;
        }
      }),
    recordLeave: (sessionId, userId, at) =>
      guard(async () => {
        const open = await Attendance.findOne({ openKey: openKey(sessionId, userId) }).select({ _id: 1 }).lean<Pick<AttendanceDoc, "_id">>();
        if (open) await close(open._id, at);
      }),
    closeAll: (sessionId, at) =>
      guard(async () => {
        const open = await Attendance.find({ sessionId, leftAt: null }).select({ _id: 1 }).lean<Pick<AttendanceDoc, "_id">[]>();
        // Each interval gets its own openKey, so they are closed one by one.
        await Promise.all(open.map((d) => close(d._id, at)));
      }),
    list: (sessionId) => guard(async () => (await Attendance.find({ sessionId }).sort({ joinedAt: 1, _id: 1 }).lean<AttendanceDoc[]>()).map(toRecord)),
  };
}
