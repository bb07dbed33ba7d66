/** Opens the configured store and services for a one-shot command, and closes them after. */
import { loadConfig, type Config } from "../config";
import { systemClock } from "../domain/clock";
import { createServices, type Services } from "../services";
import { openStore } from "../storage/open-store";
import type { Store } from "../storage/ports";

export async function withServices<T>(fn: (ctx: { services: Services; store: Store; config: Config }) => Promise<T>): Promise<T> {
  const { config } = loadConfig();
  const store = await openStore(config);
  try {
    return await fn({ services: createServices({ store, clock: systemClock, passwordCost: config.passwordHashCost, minPasswordScore: config.passwordMinScore }), store, config });
  } finally {
    await store.close();
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
