/** Slow mode over the shared rate limiters, so a member's turn is the same on every node. */
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { SlowModeGate } from "../domain/messages";
import type { LimiterFactory } from "./limiters";

export function createSlowModeGate(makeLimiter: LimiterFactory): SlowModeGate {
  // One limiter per interval length: slow mode settings are few, and a limiter's duration is fixed.
  const byInterval = new Map<number, RateLimiterAbstract>();
  const limiter = (seconds: number) => {
    let l = byInterval.get(seconds);
    if (!l) {
      l = makeLimiter({ keyPrefix: `slow-mode-${seconds}`, points: 1, duration: seconds });
      byInterval.set(seconds, l);
    }
    return l;
  };
  return {
    async take(roomId, userId, seconds) {
      try {
        await limiter(seconds).consume(`${roomId}:${userId}`);
        return 0;
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      }
    },
  };
}
