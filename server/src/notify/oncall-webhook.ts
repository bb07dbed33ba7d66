/**
 * The on-call webhook: an HTTP POST with an HMAC-SHA256 signature of the exact body, retried with
 * exponential backoff, each attempt written to the log (the delivery log). The body carries what
 * an on-call person needs to act and open the dashboard, never message text.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Logger } from "../logger";

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
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        try {
          const res = await fetch(options.url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-haven-timestamp": timestamp, [SIGNATURE_HEADER]: sign(options.secret, timestamp, body) },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          options.logger.info({ delivery, event: event.event, flagId: event.flagId, attempt, status: res.status }, "on-call webhook attempt");
          if (res.ok) return true;
        } catch (err) {
          options.logger.warn({ delivery, event: event.event, flagId: event.flagId, attempt, err: (err as Error).message }, "on-call webhook attempt failed");
        }
        if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
      options.logger.error({ delivery, event: event.event, flagId: event.flagId, attempts }, "on-call webhook gave up");
      return false;
    },
  };
}
