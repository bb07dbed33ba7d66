import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import mongoose from "mongoose";
import { describeWithService, mongoForTests } from "../support/services";

const run = promisify(execFile);

describeWithService("ferretdb", "npm run db:migrate", () => {
  jest.setTimeout(60_000);
  let mongo: Awaited<ReturnType<typeof mongoForTests>>;
  beforeAll(async () => {
    mongo = await mongoForTests();
  });
  afterAll(() => mongo?.stop());

  it("creates every index the queries rely on, and a second run changes nothing", async () => {
    const uri = mongo.uri(`haven_migrate_${randomBytes(4).toString("hex")}`);
    const root = path.resolve(__dirname, "../..");
    const env = { ...process.env, MONGODB_URI: uri, NODE_ENV: "production", JWT_SECRET: "x".repeat(40), DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}` };
    const cli = [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "server/src/cli/db-migrate.ts")];
    await run(process.execPath, cli, { env, cwd: root });
    await run(process.execPath, cli, { env, cwd: root });

    const conn = await mongoose.createConnection(uri).asPromise();
    try {
      const keys = async (collection: string) =>
        (await conn.collection(collection).indexes()).filter((i) => i.unique).map((i) => Object.keys(i.key).join(","));
      expect(await keys("messages")).toEqual(expect.arrayContaining(["roomId,seq", "roomId,clientMsgId"]));
      expect(await keys("users")).toEqual(expect.arrayContaining(["username"]));
      await conn.dropDatabase();
    } finally {
      await conn.close();
    }
  });
});
