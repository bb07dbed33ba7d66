import type { Database } from "better-sqlite3";
import type { ReactionStore, ReactionTally } from "../reaction-ports";
import { run } from "./errors";

interface Row {
  message_id: string;
  emoji: string;
  n: number;
  mine: number;
  first: number;
}

export function sqliteReactionStore(db: Database): ReactionStore {
  const add = db.prepare("INSERT INTO message_reactions (room_id, message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  const remove = db.prepare("DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?");
  // The ids go in as one JSON array: no statement per page size, and no string-built SQL.
  const tallies = db.prepare<[string, string], Row>(
    `SELECT message_id, emoji, count(*) AS n, max(user_id = ?) AS mine, min(created_at) AS first
       FROM message_reactions WHERE message_id IN (SELECT value FROM json_each(?))
      GROUP BY message_id, emoji ORDER BY first, emoji`,
  );
  return {
    set: (k, on, at) =>
      run(() => {
        if (on) add.run(k.roomId, k.messageId, k.userId, k.emoji, at.getTime());
        else remove.run(k.messageId, k.userId, k.emoji);
      }),
    tallies: (messageIds, viewerId) =>
      run(() => {
        const out = new Map<string, ReactionTally[]>();
        if (messageIds.length === 0) return out;
        for (const r of tallies.all(viewerId, JSON.stringify(messageIds))) {
          const list = out.get(r.message_id) ?? [];
          list.push({ emoji: r.emoji, count: r.n, mine: r.mine === 1 });
          out.set(r.message_id, list);
        }
        return out;
      }),
  };
}
