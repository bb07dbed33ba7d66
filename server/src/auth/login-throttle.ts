/**
 * Counts failed logins per account and per client address. Only failures count, so a person who
 * types their password right is never slowed down by someone else guessing at another account.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface LoginThrottle {
  /** Seconds to wait, or 0 when an attempt is allowed now. */
  retryAfter(username: string, ip: string): Promise<number>;
  recordFailure(username: string, ip: string): Promise<void>;
  recordSuccess(username: string): Promise<void>;
}

export interface LoginThrottleOptions {
  maxFailures: number;
  ipMaxFailures: number;
  windowSeconds: number;
}

export function createLoginThrottle(
  options: LoginThrottleOptions,
  makeLimiter: (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract = (o) => new RateLimiterMemory(o),
): LoginThrottle {
  const byUser = makeLimiter({ keyPrefix: "login-user", points: options.maxFailures, duration: options.windowSeconds });
  const byIp = makeLimiter({ keyPrefix: "login-ip", points: options.ipMaxFailures, duration: options.windowSeconds });
  const userKey = (u: string) => u.trim().toLowerCase();

  const wait = (res: RateLimiterRes | null, points: number): number =>
    res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;

  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (e) {
      // Exceeding the limit rejects with a RateLimiterRes; that is the outcome we want, not an error.
      if (!(e instanceof RateLimiterRes)) throw e;
    }
  };

  return {
    async retryAfter(username, ip) {
      const [u, i] = await Promise.all([byUser.get(userKey(username)), byIp.get(ip)]);
      return Math.max(wait(u, options.maxFailures), wait(i, options.ipMaxFailures));
    },
    async recordFailure(username, ip) {
      await Promise.all([consume(byUser, userKey(username)), consume(byIp, ip)]);
    },
    async recordSuccess(username) {
      await byUser.delete(userKey(username));
    },
  };
}
