import type { Database } from "better-sqlite3";
import type { PersonalDataStore } from "../personal-data-ports";
import { sqliteAccountErasure } from "./account-erasure";
import { toRecord as toAssignment, type Row as AssignmentRow } from "./assignments";
import { toRecord as toAttendance, type Row as AttendanceRow } from "./attendance";
import { run } from "./errors";
import { toRecord as toFlag, type Row as FlagRow } from "./flags";
import { toRecord as toMessage, type Row as MessageRow } from "./messages";
import { toRecord as toSanction, type Row as SanctionRow } from "./sanctions";

export function sqlitePersonalDataStore(db: Database): PersonalDataStore {
  const firstMessages = db.prepare<[string, number], MessageRow>("SELECT * FROM messages WHERE author_id = ? ORDER BY created_at, id LIMIT ?");
  const nextMessages = db.prepare<[string, number, number, string, number], MessageRow>(
    "SELECT * FROM messages WHERE author_id = ? AND (created_at > ? OR (created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?",
  );
  const sanctions = db.prepare<[string], SanctionRow>("SELECT * FROM sanctions WHERE user_id = ? ORDER BY created_at, id");
  const attendance = db.prepare<[string], AttendanceRow>("SELECT * FROM attendance WHERE user_id = ? ORDER BY joined_at, id");
  const assignments = db.prepare<[string, string], AssignmentRow>("SELECT * FROM assignments WHERE member_id = ? OR peer_id = ? ORDER BY created_at, id");
  const flags = db.prepare<[string], FlagRow>("SELECT * FROM flags WHERE author_id = ? ORDER BY created_at, id");
  const reactions = db.prepare<[string], { room_id: string; message_id: string; emoji: string; created_at: number }>(
    "SELECT room_id, message_id, emoji, created_at FROM message_reactions WHERE user_id = ? ORDER BY created_at, message_id, emoji",
  );

  return {
    messagesBy: (authorId, { after, limit }) =>
      run(() => (after ? nextMessages.all(authorId, after.createdAt.getTime(), after.createdAt.getTime(), after.id, limit) : firstMessages.all(authorId, limit)).map(toMessage)),
    sanctionsOn: (userId) => run(() => sanctions.all(userId).map(toSanction)),
    attendanceOf: (userId) => run(() => attendance.all(userId).map(toAttendance)),
    assignmentsOf: (userId) => run(() => assignments.all(userId, userId).map(toAssignment)),
    flagsAbout: (authorId) => run(() => flags.all(authorId).map(toFlag)),
    reactionsBy: (userId) =>
      run(() => reactions.all(userId).map((r) => ({ roomId: r.room_id, messageId: r.message_id, emoji: r.emoji, createdAt: new Date(r.created_at) }))),
    eraseAccount: sqliteAccountErasure(db),
  };
}
