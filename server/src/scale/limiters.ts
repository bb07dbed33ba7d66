import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";

/** Makes a rate limiter: in memory on a single node, in Redis when several nodes share limits. */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);
