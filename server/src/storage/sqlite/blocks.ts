import type { Database } from "better-sqlite3";
import type { BlockStore } from "../block-ports";
import { run } from "./errors";

interface Row {
  blocker_id: string;
  blocked_id: string;
  created_at: number;
}

export function sqliteBlockStore(db: Database): BlockStore {
  const add = db.prepare("INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const remove = db.prepare("DELETE FROM user_blocks WHERE blocker_id = ? AND blocked_id = ?");
  const listBy = db.prepare<[string], Row>("SELECT blocker_id, blocked_id, created_at FROM user_blocks WHERE blocker_id = ? ORDER BY created_at DESC, blocked_id");
  const blockersOf = db.prepare<[string], { blocker_id: string }>("SELECT blocker_id FROM user_blocks WHERE blocked_id = ?");
  return {
    set: (blockerId, blockedId, blocked, at) =>
      run(() => {
        if (blocked) add.run(blockerId, blockedId, at.getTime());
        else remove.run(blockerId, blockedId);
      }),
    listBy: (blockerId) =>
      run(() => listBy.all(blockerId).map((r) => ({ blockerId: r.blocker_id, blockedId: r.blocked_id, createdAt: new Date(r.created_at) }))),
    blockersOf: (blockedId) => run(() => blockersOf.all(blockedId).map((r) => r.blocker_id)),
  };
}
