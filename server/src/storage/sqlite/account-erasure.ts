import type { Database } from "better-sqlite3";
import type { AccountErasure, ErasureResult, PersonalDataStore } from "../personal-data-ports";
import { run } from "./errors";
import { forgetErased } from "./forget-erased";

interface StoredContext {
  authorId: string;
  authorName: string;
  body: string;
  erasedAt?: number | null;
  erasedBy?: string | null;
}

/** Columns that keep someone's place in a record: they name the pseudonym after an erasure. */
const RENAMED: [table: string, column: string][] = [
  ["audit_log", "actor_id"],
  ["audit_log", "target_user_id"],
  ["flags", "author_id"],
  ["flags", "claimed_by"],
  ["flags", "resolved_by"],
  ["flags", "promoted_by"],
  ["flags", "dismissed_by"],
  ["flag_context", "erased_by"],
  ["conversations", "member_id"],
  ["conversations", "peer_id"],
  ["assignments", "member_id"],
  ["assignments", "peer_id"],
  ["assignments", "created_by"],
  ["sanctions", "created_by"],
  ["sessions", "created_by"],
  ["rooms", "created_by"],
  ["rooms", "pinned_by"],
  ["lexicon_versions", "created_by"],
];

/** Rows that are the person's alone: they go. */
const DELETED: [table: string, column: string][] = [
  ["registrations", "user_id"],
  ["attendance", "user_id"],
  ["availability", "user_id"],
  ["room_members", "user_id"],
  ["conversation_reads", "user_id"],
  ["sanctions", "user_id"],
  ["message_reactions", "user_id"],
  // Their reports, notes included; a review item they started stays, unattributed.
  ["member_reports", "reporter_id"],
  // Blocks the person set, and blocks on them: nothing is left to apply either to.
  ["user_blocks", "blocker_id"],
  ["user_blocks", "blocked_id"],
  ["room_reads", "user_id"],
  ["users", "id"],
];

const SESSION_LISTS = ["facilitator_ids", "moderator_ids", "invitee_ids"];

const BATCH = 500;
const nextTurn = (): Promise<true> => new Promise((resolve) => setImmediate(() => resolve(true)));

/**
 * personal.eraseAccount: the messages in batches, then everything else in one transaction with the
 * account record, so an erasure cut short leaves an account that can sign in and run it again.
 */
export function sqliteAccountErasure(db: Database): PersonalDataStore["eraseAccount"] {
  const renames = RENAMED.map(([t, c]) => db.prepare(`UPDATE ${t} SET ${c} = @pseudonym WHERE ${c} = @userId`));
  const deletes = DELETED.map(([t, c]) => db.prepare(`DELETE FROM ${t} WHERE ${c} = @userId`));
  const lists = SESSION_LISTS.map((c) =>
    db.prepare(`UPDATE sessions SET ${c} = (SELECT json_group_array(value) FROM json_each(sessions.${c}) WHERE value != @userId) WHERE instr(${c}, @userId) > 0`),
  );
  const endAssignments = db.prepare("UPDATE assignments SET ended_at = @at WHERE (member_id = @userId OR peer_id = @userId) AND ended_at IS NULL");
  const closeConversations = db.prepare("UPDATE conversations SET read_only_since = @at WHERE (member_id = @userId OR peer_id = @userId) AND read_only_since IS NULL");
  // Ids inside the audit details (an assignment's peer): the id is a UUID, so a text replace hits nothing else.
  const auditDetails = db.prepare("UPDATE audit_log SET details = replace(details, @userId, @pseudonym) WHERE instr(details, @userId) > 0");
  // A batch of the person's messages at a time (see eraseInBatches); the transaction takes whatever a racing send added.
  const live = "SELECT rowid FROM messages WHERE author_id = @userId AND deleted_at IS NULL LIMIT @limit";
  const mine = "SELECT rowid FROM messages WHERE author_id = @userId LIMIT @limit";
  const eraseMessages = db.prepare<{ userId: string; pseudonym: string; name: string; at: number; limit: number }, { room_id: string; id: string; seq: number }>(
    `UPDATE messages SET body = '', deleted_at = @at, author_id = @pseudonym, author_name = @name WHERE rowid IN (${live}) RETURNING room_id, id, seq`,
  );
  const renameMessages = db.prepare(`UPDATE messages SET author_id = @pseudonym, author_name = @name WHERE rowid IN (${mine})`);
  const eraseAdded = db.prepare(
    `UPDATE flag_context SET body = '', erased_at = coalesce(erased_at, @at), erased_by = coalesce(erased_by, @by), author_id = @pseudonym, author_name = @name
     WHERE author_id = @userId`,
  );
  const renameAdded = db.prepare("UPDATE flag_context SET author_id = @pseudonym, author_name = @name WHERE author_id = @userId");
  const frozen = db.prepare<[string], { id: string; context: string }>("SELECT id, context FROM flags WHERE instr(context, ?) > 0");
  const setContext = db.prepare("UPDATE flags SET context = ? WHERE id = ?");

  const unlockAudit = db.prepare("INSERT OR IGNORE INTO audit_maintenance (reason) VALUES ('erasure')");
  const lockAudit = db.prepare("DELETE FROM audit_maintenance WHERE reason = 'erasure'");

  const params = (e: AccountErasure) => ({ userId: e.userId, pseudonym: e.pseudonym, name: e.pseudonymName, at: e.at.getTime(), by: e.by });
  const toErased = (r: { room_id: string; id: string; seq: number }) => ({ roomId: r.room_id, messageId: r.id, seq: r.seq });

  /**
   * The messages first, a batch per statement with the event loop free in between: better-sqlite3
   * is synchronous, and one transaction over tens of thousands of rows would stop the node that long.
   */
  async function messagesInBatches(e: AccountErasure): Promise<{ erased: ErasureResult["erased"]; renamed: number }> {
    const p = { ...params(e), limit: BATCH };
    const erased: ErasureResult["erased"] = [];
    let renamed = 0;
    for (let more = e.messages === "erase"; more; ) {
      const rows = await run(() => eraseMessages.all(p));
      erased.push(...rows.map(toErased));
      more = rows.length === BATCH && (await nextTurn());
    }
    for (let more = true; more; ) {
      const n = await run(() => renameMessages.run(p).changes);
      renamed += n;
      more = n === BATCH && (await nextTurn());
    }
    return { erased, renamed };
  }

  const erase = db.transaction((e: AccountErasure): ErasureResult => {
    unlockAudit.run();
    const p = { ...params(e), limit: -1 };
    const at = p.at;
    const wipe = e.messages === "erase";
    // The context frozen into each flag row: its messages by the person, in the row's own JSON.
    for (const f of frozen.all(e.userId)) {
      const context = (JSON.parse(f.context) as StoredContext[]).map((m): StoredContext => {
        const renamed = m.erasedBy === e.userId ? { ...m, erasedBy: e.pseudonym } : m;
        if (m.authorId !== e.userId) return renamed;
        const kept = { ...renamed, authorId: e.pseudonym, authorName: e.pseudonymName };
        return wipe ? { ...kept, body: "", erasedAt: m.erasedAt ?? at, erasedBy: m.erasedAt ? kept.erasedBy : e.by } : kept;
      });
      setContext.run(JSON.stringify(context), f.id);
    }
    (wipe ? eraseAdded : renameAdded).run(p);
    // Only a message sent while the batches ran is left for the transaction (LIMIT -1: all of them).
    const erased = wipe ? eraseMessages.all(p).map(toErased) : [];
    const renamed = renameMessages.run(p).changes;
    endAssignments.run(p);
    closeConversations.run(p);
    auditDetails.run(p);
    for (const s of lists) s.run(p);
    // Deleted before the renames: sanctions against the person go, those they gave stay under the pseudonym.
    for (const s of deletes) s.run(p);
    for (const s of renames) s.run(p);
    lockAudit.run();
    return { erased, pseudonymised: wipe ? 0 : renamed };
  });

  return async (e) => {
    const first = await messagesInBatches(e);
    const rest = await run(() => erase.immediate(e));
    await run(() => forgetErased(db));
    return { erased: [...first.erased, ...rest.erased], pseudonymised: e.messages === "erase" ? 0 : first.renamed + rest.pseudonymised };
  };
}
