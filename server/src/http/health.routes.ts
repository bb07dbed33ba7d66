import { Router } from "express";

/** A named dependency check for /readyz; resolves when healthy, rejects with the reason otherwise. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  /**
   * False when the node can still serve its own clients without it: a failure then reports the node
   * "degraded" with 200, keeping it in rotation. Defaults to true: a failure answers 503.
   */
  critical?: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(p: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

export function healthRoutes(checks: () => ReadinessCheck[]): Router {
  const router = Router();

  // Liveness: the process answers. Deliberately checks nothing else, so an outage elsewhere does not get it restarted.
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      checks().map(async ({ name, check, critical = true }) => {
        try {
          await withTimeout(check());
          return { name, ok: true as const, critical };
        } catch (e) {
          return { name, ok: false as const, critical, reason: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    const failing = results.filter((r) => !r.ok);
    const status = failing.length === 0 ? "ready" : failing.some((r) => r.critical) ? "unavailable" : "degraded";
    res.status(status === "unavailable" ? 503 : 200).json({ status, checks: results });
  });

  return router;
}
