/**
 * Per-user flood control for socket events. Counted per user, not per socket, so opening more tabs
 * or reaching another node buys no extra sends; with Redis the counters are shared by every node.
 */
import { RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../domain/errors";
import type { LimiterFactory } from "../scale/limiters";

export interface FloodControl {
  /** Resolves when the user may send another message; throws `rate_limited` with a retry-after otherwise. */
  messageSend(userId: string): Promise<void>;
}

export function createFloodControl(makeLimiter: LimiterFactory, limit: { points: number; windowSeconds: number }): FloodControl {
  const sends = makeLimiter({ keyPrefix: "message-send", points: limit.points, duration: limit.windowSeconds });
  return {
    async messageSend(userId) {
      try {
        await sends.consume(userId);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new DomainError("rate_limited", `You are sending messages too quickly. Try again in ${retryAfterSeconds} seconds.`, {
          retryAfterSeconds,
        });
      }
    },
  };
}
