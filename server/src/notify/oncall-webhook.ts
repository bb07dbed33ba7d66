/**
 * The on-call webhook: an HTTP POST with an HMAC-SHA256 signature of the exact body, retried with
 * exponential backoff, each attempt and the outcome stored in the delivery log (and written to the
 * process log). The body carries what an on-call person needs to act and open the dashboard, never
 * message text.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { OncallDeliveryStore, OncallOutcome } from "../storage/ports";

export interface OncallEvent {
  event: "flag.overdue" | "flag.unattended";
  flagId: string;
  severity: string;
  categories: string[];
  place: { kind: string; id: string };
  createdAt: string;
}

export interface OncallWebhook {
  /** Resolves when delivered or given up; never rejects. */
  send(event: OncallEvent): Promise<boolean>;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  logger: Logger;
  attempts?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  timeoutMs?: number;
  /** The stored delivery log; without it attempts are only in the process log. */
  deliveries?: OncallDeliveryStore;
}

export const SIGNATURE_HEADER = "x-haven-signature";

export const sign = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

export function createOncallWebhook(options: WebhookOptions): OncallWebhook {
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;

  return {
    async send(event) {
      const delivery = randomUUID();
      const body = JSON.stringify({ ...event, delivery });
      // A log that cannot be written must not stop the call itself: the process log still has it.
      const store = async (attempt: number, status: number | null, error: string | null, outcome: OncallOutcome) => {
        if (!options.deliveries) return;
        await options.deliveries
          .record({ id: randomUUID(), deliveryId: delivery, event: event.event, flagId: event.flagId, attempt, status, error, at: new Date(), outcome })
          .catch((err: unknown) => options.logger.warn({ delivery, attempt, err: (err as Error).message }, "on-call delivery log not written"));
      };
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const last = attempt === attempts;
        try {
          const res = await fetch(options.url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-haven-timestamp": timestamp, [SIGNATURE_HEADER]: sign(options.secret, timestamp, body) },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          options.logger.info({ delivery, event: event.event, flagId: event.flagId, attempt, status: res.status }, "on-call webhook attempt");
          await store(attempt, res.status, null, res.ok ? "delivered" : last ? "gave_up" : "retrying");
          if (res.ok) return true;
        } catch (err) {
          const error = (err as Error).message;
          options.logger.warn({ delivery, event: event.event, flagId: event.flagId, attempt, err: error }, "on-call webhook attempt failed");
          await store(attempt, null, error, last ? "gave_up" : "retrying");
        }
        if (!last) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
      options.logger.error({ delivery, event: event.event, flagId: event.flagId, attempts }, "on-call webhook gave up");
      return false;
    },
  };
}
