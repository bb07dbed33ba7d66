/**
 * npm run --silent crisis:export-labels -- --admin <username|id> [--out file] [--since date]
 *
 * Writes every resolved crisis flag as one JSON line (FlagLabelLine in shared/dto.ts): the flagged
 * message's text with the moderators' verdict, for tuning a deployment's lexicon. Run as a named
 * admin (checked against the account's current role), recorded in the audit log, and never with
 * the text of a message erased since. The lines hold what people wrote in crisis: keep the file
 * as carefully as the database.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { flagLabelsQuerySchema } from "../../../shared/schemas";
import { ConfigError } from "../config";
import { DomainError } from "../domain/errors";
import { fail, withServices } from "./context";

const USAGE = "Usage: npm run --silent crisis:export-labels -- --admin <username|id> [--out file] [--since 2026-11-01]";

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { admin: { type: "string" }, out: { type: "string" }, since: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (!values.admin) fail(`--admin is required.\n${USAGE}`);
  const query = flagLabelsQuerySchema.safeParse(values.since === undefined ? {} : { since: values.since });
  if (!query.success) fail(`--since: ${query.error.issues[0]?.message ?? "invalid"}`);

  const lines = await withServices(async ({ services, store }) => {
    const user = (await store.users.findByUsername(values.admin!)) ?? (await store.users.findById(values.admin!));
    if (!user) fail(`No account ${values.admin}.`);
    if (user.role !== "admin") fail(`${user.username} is not an admin.`);
    return services.labels.exportLabels({ userId: user.id, role: user.role, displayName: user.displayName }, query.data, "cli");
  });

  const text = lines.map((l) => `${JSON.stringify(l)}\n`).join("");
  if (!values.out) return void process.stdout.write(text);
  // Readable by the owner only: the file holds message text.
  writeFileSync(values.out, text, { mode: 0o600 });
  chmodSync(values.out, 0o600);
  process.stderr.write(`Exported ${lines.length} labelled flags to ${values.out}.\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof DomainError || e instanceof ConfigError) fail(e.message);
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
