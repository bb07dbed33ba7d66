import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import { describeWithService, mongoForTests } from "../support/services";
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

// Against FerretDB (a MongoDB wire-protocol server) by default, or a real MongoDB when MONGODB_URI is set.
describeWithService("ferretdb", "MongoDB store", () => {
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  beforeAll(async () => {
    mongo = await mongoForTests();
  }, 60_000);
  afterAll(() => mongo?.stop());

  const mongoStore: StoreFactory = async () => {
    const uri = mongo.uri(`haven_contract_${randomBytes(6).toString("hex")}`);
    const open = (autoIndex: boolean) =>
      openMongoStore({ uri, autoIndex, writeConcern: { w: "majority", journal: true }, serverSelectionTimeoutMs: 2000 });
    const store = await open(true);
    return {
      store,
      openPeer: () => open(false),
      cleanup: async () => {
        const conn = await mongoose.createConnection(uri).asPromise();
        await conn.dropDatabase();
        await conn.close();
        await store.close();
      },
    };
  };

  describeStoreContract("mongo", mongoStore);
  describeSessionsContract("mongo", mongoStore);
  describeConversationsContract("mongo", mongoStore);
  describeFlagsContract("mongo", mongoStore);
  describeFlagReviewContract("mongo", mongoStore);
  describeLexiconStatsContract("mongo", mongoStore);
  describePersonalDataContract("mongo", mongoStore);
  describeRetentionContract("mongo", mongoStore);
  describeFlagHandoverContract("mongo", mongoStore);
  describeFlagHistoryContract("mongo", mongoStore);
describeRoomNamesContract("mongo", mongoStore);
describeReactionsContract("mongo", mongoStore);
describeReportsContract("mongo", mongoStore);
describeBlocksContract("mongo", mongoStore);
describeRoomReadsContract("mongo", mongoStore);
describeSanctionListsContract("mongo", mongoStore);
});
