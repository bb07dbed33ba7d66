import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../server/src/storage/sqlite/open-sqlite-store";
import { describeConversationsContract } from "./conversations-contract";
import { describeFlagReviewContract } from "./flag-review-contract";
import { describeFlagsContract } from "./flags-contract";
import { describeFlagHandoverContract } from "./flag-handover-contract";
import { describeFlagHistoryContract } from "./flag-history-contract";
import { describeLexiconStatsContract } from "./lexicon-stats-contract";
import { describePersonalDataContract } from "./personal-data-contract";
import { describeRetentionContract } from "./retention-contract";
import { describeRoomNamesContract } from "./room-names-contract";
import { describeReactionsContract } from "./reactions-contract";
import { describeReportsContract } from "./reports-contract";
import { describeBlocksContract } from "./blocks-contract";
import { describeRoomReadsContract } from "./room-reads-contract";
import { describeSanctionListsContract } from "./sanction-lists-contract";
import { describeSessionsContract } from "./sessions-contract";
import { describeStoreContract, type StoreFactory } from "./store-contract";

const sqlite: StoreFactory = async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-contract-"));
  const file = path.join(dir, "haven.sqlite");
  const store = openSqliteStore({ file });
  return {
    store,
    openPeer: async () => openSqliteStore({ file }),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

describeStoreContract("sqlite", sqlite);
describeSessionsContract("sqlite", sqlite);
describeConversationsContract("sqlite", sqlite);
describeFlagsContract("sqlite", sqlite);
describeFlagReviewContract("sqlite", sqlite);
describeLexiconStatsContract("sqlite", sqlite);
describePersonalDataContract("sqlite", sqlite);
describeRetentionContract("sqlite", sqlite);
describeFlagHandoverContract("sqlite", sqlite);
describeFlagHistoryContract("sqlite", sqlite);
describeRoomNamesContract("sqlite", sqlite);
describeReactionsContract("sqlite", sqlite);
describeReportsContract("sqlite", sqlite);
describeBlocksContract("sqlite", sqlite);
describeRoomReadsContract("sqlite", sqlite);
describeSanctionListsContract("sqlite", sqlite);
