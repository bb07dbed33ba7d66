/**
 * Sign-in throttling. An attempt is taken from the limits before the password is checked, in one
 * atomic step per limit (in Redis when nodes share it), so concurrent guesses cannot all slip past
 * a check that only counted failures afterwards. The limits are keyed by (account, client address)
 * and by client address alone: a guesser locks out their own address for that account, never the
 * account's owner signing in from elsewhere.
 */
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { memoryLimiters, type LimiterFactory } from "../scale/limiters";

export interface LoginThrottle {
  /** Takes one attempt for the account from this address; seconds to wait when a limit is spent, else 0. */
  take(username: string, address: string): Promise<number>;
  /** Signed in: this address starts afresh for the account, and the attempt is given back to the address. */
  succeeded(username: string, address: string): Promise<void>;
  /** The password was never checked (the hash gate was full): the attempt is given back. */
  refund(username: string, address: string): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Attempts per (account, address) per window. */
  maxFailures: number;
  /** Attempts per address, over all accounts, per window. */
  ipMaxFailures: number;
  windowSeconds: number;
}

export function createLoginThrottle(options: LoginThrottleOptions, makeLimiter: LimiterFactory = memoryLimiters): LoginThrottle {
  const byAccount = makeLimiter({ keyPrefix: "login-account-address", points: options.maxFailures, duration: options.windowSeconds });
  const byAddress = makeLimiter({ keyPrefix: "login-address", points: options.ipMaxFailures, duration: options.windowSeconds });
  // Usernames are matched as typed after trimming; lower-casing only merges keys, so it cannot widen a budget.
  const accountKey = (username: string, address: string) => `${username.trim().toLowerCase()}|${address}`;

  const consume = async (limiter: RateLimiterAbstract, key: string): Promise<number> => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (e) {
      // Exceeding the limit rejects with a RateLimiterRes; that is an answer, not an error.
      if (!(e instanceof RateLimiterRes)) throw e;
      return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    }
  };

  return {
    async take(username, address) {
      const waits = await Promise.all([consume(byAccount, accountKey(username, address)), consume(byAddress, address)]);
      return Math.max(...waits);
    },
    async succeeded(username, address) {
      await Promise.all([byAccount.delete(accountKey(username, address)), byAddress.reward(address, 1)]);
    },
    async refund(username, address) {
      await Promise.all([byAccount.reward(accountKey(username, address), 1), byAddress.reward(address, 1)]);
    },
  };
}
