import Database from "better-sqlite3";
import type { Store } from "../ports";
import { sqliteMessageStore } from "./messages";
import { migrate } from "./migrations";
import { sqlitePersonalDataStore } from "./personal-data";
import { sqliteRoomStore } from "./rooms";
import { sqliteUserStore } from "./users";
import { sqliteAssignmentStore } from "./assignments";
import { sqliteAttendanceStore } from "./attendance";
import { sqliteAvailabilityStore } from "./availability";
import { sqliteConversationStore } from "./conversations";
import { sqliteFlagStore } from "./flags";
import { sqliteSealedTextStore } from "./sealed-text";
import { sqliteLexiconStore } from "./lexicon";
import { sqliteLexiconStatsStore } from "./lexicon-stats";
import { sqliteOncallDeliveryStore } from "./oncall-deliveries";
import { sqliteAuditStore } from "./audit";
import { sqliteRegistrationStore } from "./registrations";
import { sqliteSanctionStore } from "./sanctions";
import { sqliteSanctionLists } from "./sanction-lists";
import { sqliteSessionStore } from "./sessions";
import { sqliteRetentionStore } from "./retention";
import { sqliteReactionStore } from "./reactions";
import { sqliteReportStore } from "./reports";
import { sqliteBlockStore } from "./blocks";
import { sqliteRoomReadStore } from "./room-reads";
import { startAppendThread } from "./append-thread";

/** The embedded default store: one SQLite file in WAL mode, migrated to the latest schema on open. */
export function openSqliteStore(options: { file: string; synchronous?: "FULL" | "NORMAL" }): Store {
  const db = new Database(options.file);
  db.pragma("journal_mode = WAL");
  // With WAL, NORMAL loses at most the last transactions on power loss, never integrity; FULL makes
  // every commit survive it. An acked message must survive, so FULL unless the operator chooses
  // otherwise (SQLITE_SYNCHRONOUS). Appends share commits (group-commit.ts), so FULL costs one
  // wait for the disk per batch, not per message.
  db.pragma(`synchronous = ${options.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  db.pragma("busy_timeout = 5000");
  // Deleted content (an erased message body) is overwritten on disk, not left in free pages.
  db.pragma("secure_delete = ON");
  migrate(db);
  // Appends, the one write on every send, commit on their own thread so the disk's wait does not
  // stop the node (append-worker.ts). An in-memory database cannot be shared with a thread.
  const appends = options.file === ":memory:" ? null : startAppendThread(options.file, options.synchronous === "NORMAL" ? "NORMAL" : "FULL");

  return {
    kind: "sqlite",
    users: sqliteUserStore(db),
    rooms: sqliteRoomStore(db),
    messages: sqliteMessageStore(db, appends?.append),
    sessions: sqliteSessionStore(db),
    registrations: sqliteRegistrationStore(db),
    sanctions: { ...sqliteSanctionStore(db), ...sqliteSanctionLists(db) },
    audit: sqliteAuditStore(db),
    attendance: sqliteAttendanceStore(db),
    assignments: sqliteAssignmentStore(db),
    conversations: sqliteConversationStore(db),
    availability: sqliteAvailabilityStore(db),
    flags: sqliteFlagStore(db),
    personal: sqlitePersonalDataStore(db),
    sealed: sqliteSealedTextStore(db),
    lexicon: sqliteLexiconStore(db),
    oncallDeliveries: sqliteOncallDeliveryStore(db),
    lexiconStats: sqliteLexiconStatsStore(db),
    retention: sqliteRetentionStore(db),
    reactions: sqliteReactionStore(db),
    reports: sqliteReportStore(db),
    blocks: sqliteBlockStore(db),
    roomReads: sqliteRoomReadStore(db),
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      await appends?.close();
      if (db.open) db.close();
    },
  };
}
