import type { Database } from "better-sqlite3";
import type { Role } from "../../../../shared/dto";
import type { AuditRecord, AuditStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  at: number;
  actor_id: string;
  actor_role: string;
  action: string;
  target_user_id: string | null;
  room_id: string | null;
  session_id: string | null;
  message_id: string | null;
  reason: string | null;
  details: string | null;
}

const toRecord = (r: Row): AuditRecord => ({
  id: r.id,
  at: new Date(r.at),
  actorId: r.actor_id,
  actorRole: r.actor_role as Role,
  action: r.action,
  targetUserId: r.target_user_id,
  roomId: r.room_id,
  sessionId: r.session_id,
  messageId: r.message_id,
  reason: r.reason,
  details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
});

export function sqliteAuditStore(db: Database): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_role, action, target_user_id, room_id, session_id, message_id, reason, details)
     VALUES (@id, @at, @actorId, @actorRole, @action, @targetUserId, @roomId, @sessionId, @messageId, @reason, @details)`,
  );
  // Every filter is optional: a NULL parameter switches its condition off.
  const query = db.prepare<[Record<string, string | number | null>], Row>(
    `SELECT * FROM audit_log
     WHERE (@roomId IS NULL OR room_id = @roomId)
       AND (@userId IS NULL OR actor_id = @userId OR target_user_id = @userId)
       AND (@action IS NULL OR action = @action)
       AND (@from IS NULL OR at >= @from)
       AND (@to IS NULL OR at < @to)
     ORDER BY at DESC, id DESC LIMIT @limit`,
  );
  const count = db.prepare<[string, string, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND target_user_id = ? AND at >= ?",
  );

  return {
    append: (e) =>
      run(() => {
        insert.run({ ...e, at: e.at.getTime(), details: e.details === null ? null : JSON.stringify(e.details) });
      }),
    query: (q) =>
      run(() =>
        query
          .all({
            roomId: q.roomId ?? null,
            userId: q.userId ?? null,
            action: q.action ?? null,
            from: q.from?.getTime() ?? null,
            to: q.to?.getTime() ?? null,
            limit: q.limit,
          })
          .map(toRecord),
      ),
    count: (action, targetUserId, since) => run(() => count.get(action, targetUserId, since.getTime())!.n),
  };
}
