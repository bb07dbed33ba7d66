/**
 * npm run admin -- create-user --username U --password P --role member|peer|moderator|admin [--display-name N]
 * npm run admin -- set-role --username U --role R
 * npm run admin -- list-users
 */
import { parseArgs } from "node:util";
import { createUserSchema, setRoleSchema } from "../../../shared/schemas";
import { ConfigError } from "../config";
import { DomainError } from "../domain/errors";
import { fail, withServices } from "./context";

const USAGE = `Usage:
  npm run admin -- create-user --username U --password P --role member|peer|moderator|admin [--display-name N]
  npm run admin -- set-role --username U --role member|peer|moderator|admin
  npm run admin -- list-users`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      "display-name": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) return void process.stdout.write(`${USAGE}\n`);

  switch (command) {
    case "create-user": {
      const parsed = createUserSchema.safeParse({
        username: values.username,
        password: values.password,
        role: values.role,
        ...(values["display-name"] ? { displayName: values["display-name"] } : {}),
      });
      if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
      const user = await withServices(({ services }) => services.accounts.create(parsed.data));
      process.stdout.write(`Created ${user.role} ${user.username} (${user.id}).\n`);
      return;
    }
    case "set-role": {
      const role = setRoleSchema.safeParse({ role: values.role });
      if (!values.username || !role.success) fail(USAGE);
      await withServices(async ({ store }) => {
        const user = await store.users.findByUsername(values.username ?? "");
        if (!user) fail(`No user named ${values.username}.`);
        await store.users.setRole(user.id, role.data.role);
        process.stdout.write(`${user.username} is now ${role.data.role}.\n`);
      });
      return;
    }
    case "list-users": {
      await withServices(async ({ store }) => {
        for (const u of await store.users.list()) process.stdout.write(`${u.id}  ${u.role.padEnd(9)}  ${u.username}  (${u.displayName})\n`);
      });
      return;
    }
    default:
      fail(`Unknown command "${command}".\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof DomainError || e instanceof ConfigError) fail(e.message);
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
