/**
 * FerretDB on its PostgreSQL backend, for benchmarks: the SQLite backend answers sorted and
 * filtered reads by scanning a whole collection, so its numbers say more about it than about us.
 * Starts a throwaway PostgreSQL cluster (Debian's postgresql, run as the `postgres` user because
 * it refuses root) and FerretDB in front of it; both go away on stop().
 */
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, serviceBin, startFerretDb, waitForPort, type RunningService } from "../test/support/services";

const PG_BIN = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"].find((d) => existsSync(path.join(d, "initdb")));

export const postgresAvailable = (): boolean => PG_BIN !== undefined && serviceBin("ferretdb") !== null;

/** The backend a benchmark's FerretDB runs on. */
export type FerretBackend = "sqlite" | "postgresql";

export async function startFerret(backend: FerretBackend): Promise<{ url: string; stop(): Promise<void> }> {
  if (backend === "sqlite") return startFerretDb();
  if (!PG_BIN) throw new Error("postgresql is not installed (apt-get install postgresql)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-pg-"));
  chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  const asPostgres = (bin: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, bin), ...args], { stdio: "ignore" });
  const pgPort = await freePort();
  asPostgres("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "haven"]);
  asPostgres("pg_ctl", ["-D", `${dir}/data`, "-o", `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1`, "-l", `${dir}/log`, "-w", "start"]);
  asPostgres("createdb", ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "haven", "ferretdb"]);

  const port = await freePort();
  const ferret = spawn(
    serviceBin("ferretdb")!,
    [
      "--handler=postgresql",
      `--postgresql-url=postgres://haven@127.0.0.1:${pgPort}/ferretdb`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      "--telemetry=disable",
      "--debug-addr=-",
      "--log-level=error",
    ],
    { stdio: "ignore" },
  );
  await waitForPort(port, ferret);
  return {
    url: `mongodb://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => ferret.once("exit", r));
      ferret.kill("SIGTERM");
      await exited;
      asPostgres("pg_ctl", ["-D", `${dir}/data`, "-m", "fast", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies Pick<RunningService, "url" | "stop">;
}
