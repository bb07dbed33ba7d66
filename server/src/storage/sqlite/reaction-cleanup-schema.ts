import type { Database } from "better-sqlite3";

/**
 * A message's reactions go with it. Triggers rather than code on every path, because a message is
 * removed or erased in many places (own and moderator delete, account erasure, the retention
 * sweep) and a path added later must not leave reactions on a message that is gone. Reactions
 * already left on deleted messages go now. A person's own reactions are read by user for the
 * export and erasure.
 */
export function reactionCleanupSchema(db: Database): void {
  db.exec(`
    CREATE TRIGGER message_reactions_on_delete AFTER DELETE ON messages
      BEGIN DELETE FROM message_reactions WHERE message_id = OLD.id; END;
    CREATE TRIGGER message_reactions_on_erase AFTER UPDATE OF deleted_at ON messages WHEN NEW.deleted_at IS NOT NULL
      BEGIN DELETE FROM message_reactions WHERE message_id = OLD.id; END;
    DELETE FROM message_reactions WHERE message_id NOT IN (SELECT id FROM messages WHERE deleted_at IS NULL);
    CREATE INDEX message_reactions_user ON message_reactions (user_id, created_at);
  `);
}
