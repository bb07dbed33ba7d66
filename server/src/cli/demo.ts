/**
 * Seeds one account per role and a room, for trying Haven out. Passwords are random and printed
 * once; the command refuses to run in production, where demo accounts have no place.
 */
import { randomBytes } from "node:crypto";
import type { Role } from "../../../shared/dto";
import { ConfigError } from "../config";
import { fail, withServices } from "./context";

const ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: "demo-member", displayName: "Sam (member)", role: "member" },
  { username: "demo-member2", displayName: "Alex (member)", role: "member" },
  { username: "demo-peer", displayName: "Jordan (peer supporter)", role: "peer" },
  { username: "demo-moderator", displayName: "Riley (moderator)", role: "moderator" },
  { username: "demo-admin", displayName: "Casey (admin)", role: "admin" },
];

async function main(): Promise<void> {
  await withServices(async ({ services, store, config }) => {
    if (config.env === "production") fail("npm run demo does not run with NODE_ENV=production.");
    const created: { username: string; password: string; role: Role }[] = [];
    let moderatorId: string | undefined;
    for (const account of ACCOUNTS) {
      const existing = await store.users.findByUsername(account.username);
      if (existing) {
        if (account.role === "moderator") moderatorId = existing.id;
        continue;
      }
      const password = randomBytes(9).toString("base64url");
      const user = await services.accounts.create({ ...account, password });
      if (account.role === "moderator") moderatorId = user.id;
      created.push({ username: account.username, password, role: account.role });
    }
    const rooms = await store.rooms.list();
    if (moderatorId && !rooms.some((r) => r.name === "Welcome circle")) {
      await services.rooms.create(
        { userId: moderatorId, role: "moderator", displayName: "demo" },
        { name: "Welcome circle", topic: "A first room to say hello in" },
      );
    }
    if (created.length === 0) {
      process.stdout.write("Demo accounts already exist; their passwords were shown when they were created.\n");
      return;
    }
    process.stdout.write("Demo accounts (passwords are shown this once):\n");
    for (const c of created) process.stdout.write(`  ${c.role.padEnd(9)}  ${c.username.padEnd(15)}  ${c.password}\n`);
    process.stdout.write(`Room "Welcome circle" is ready. Start the server with npm start and open http://localhost:${config.port}\n`);
  });
}

main().catch((e: unknown) => fail(e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)));
