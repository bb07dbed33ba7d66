/**
 * Runs a suite once per store: SQLite always, MongoDB (FerretDB, or MONGODB_URI) when available.
 * The suite gets a function that opens a fresh, empty store for it, or undefined for SQLite
 * (startTestServer then makes its own file).
 */
import { randomBytes } from "node:crypto";
import { openMongoStore } from "../../server/src/storage/mongo/open-mongo-store";
import type { Store } from "../../server/src/storage/ports";
import { describeWithService, mongoForTests } from "./services";

export type OpenStore = () => Promise<Store | undefined>;

export function eachStore(body: (openStore: OpenStore) => void): void {
  describe("on SQLite", () => body(async () => undefined));
  describeWithService("ferretdb", "on MongoDB", () => {
    let mongo: Awaited<ReturnType<typeof mongoForTests>>;
    beforeAll(async () => {
      mongo = await mongoForTests();
    }, 60_000);
    afterAll(() => mongo?.stop());
    body(() => openTestMongo(mongo.uri(`haven_it_${randomBytes(6).toString("hex")}`)));
  });
}

/** A MongoDB store on a database of its own, with the settings every test uses. */
export const openTestMongo = (uri: string): Promise<Store> =>
  openMongoStore({ uri, autoIndex: true, writeConcern: { w: "majority", journal: true }, serverSelectionTimeoutMs: 2000 });
