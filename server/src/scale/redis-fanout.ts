/**
 * Several nodes, one Redis: the Socket.IO Redis adapter carries broadcasts between nodes, and the
 * rate limiters keep their counters there so limits hold whichever node a user reaches.
 *
 * When Redis goes away the node keeps serving its own clients: messages are still stored and acked,
 * cross-node fan-out pauses, and clients elsewhere catch up through gap-fill once it is back.
 */
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ServerOptions } from "socket.io";
import type { ReadinessCheck } from "../http/health.routes";
import type { Logger } from "../logger";
import type { LimiterFactory } from "./limiters";

export interface RedisFanoutOptions {
  url: string;
  keyPrefix: string;
  sharded: boolean;
  logger: Logger;
}

export interface RedisFanout {
  adapter: ServerOptions["adapter"];
  /** Both connections are up: cross-node requests (fetchSockets) can be answered. */
  healthy(): boolean;
  /** Resolves once both connections are ready, or after the timeout; never rejects. */
  ready(timeoutMs: number): Promise<boolean>;
  readiness: ReadinessCheck;
  makeLimiter: LimiterFactory;
  /** Calls back each time Redis is reachable again after an outage: broadcasts were lost meanwhile. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

// Cross-node requests (presence) give up after this, then fall back to this node's sockets.
const REQUESTS_TIMEOUT_MS = 2000;

export function createRedisFanout(options: RedisFanoutOptions): RedisFanout {
  const { logger, keyPrefix } = options;
  // Publishing fails fast while disconnected instead of queueing messages that gap-fill will cover anyway.
  const pub = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  // The subscriber queues its SUBSCRIBE commands until connected; ioredis resubscribes after a reconnect.
  const sub = pub.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });

  let degraded = false;
  const healthy = () => pub.status === "ready" && sub.status === "ready";
  const down = (reason: string) => {
    if (degraded) return;
    degraded = true;
    logger.warn({ reason }, "Redis unreachable: serving this node's clients only; cross-node fan-out paused");
  };
  const recovered: Array<() => void> = [];
  const up = () => {
    if (!degraded || !healthy()) return;
    degraded = false;
    logger.info("Redis reachable again: cross-node fan-out resumed");
    for (const listener of recovered) listener();
  };
  for (const client of [pub, sub]) {
    client.on("error", (err: Error) => down(err.message));
    client.on("close", () => down("connection closed"));
    client.on("ready", up);
  }

  // The adapter publishes without handling a rejection; unhandled, one would end the process.
  const guard = <F extends (...args: never[]) => Promise<unknown>>(fn: F): F =>
    ((...args: Parameters<F>) => fn(...args).catch((err: Error) => down(err.message))) as F;
  pub.publish = guard(pub.publish.bind(pub)) as typeof pub.publish;
  pub.spublish = guard(pub.spublish.bind(pub)) as typeof pub.spublish;

  const adapter: ServerOptions["adapter"] = options.sharded
    ? createShardedAdapter(pub, sub, { channelPrefix: `${keyPrefix}:socket.io`, subscriptionMode: "dynamic" })
    : createAdapter(pub, sub, { key: `${keyPrefix}:socket.io`, requestsTimeout: REQUESTS_TIMEOUT_MS });

  const makeLimiter: LimiterFactory = ({ keyPrefix: name, points, duration }): RateLimiterAbstract =>
    new RateLimiterRedis({
      storeClient: pub,
      keyPrefix: `${keyPrefix}:limit:${name}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      // During an outage each node limits on its own rather than not at all.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
    });

  return {
    adapter,
    healthy,
    ready(timeoutMs) {
      if (healthy()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => done(false), timeoutMs);
        const check = () => healthy() && done(true);
        const done = (ok: boolean) => {
          clearTimeout(timer);
          pub.off("ready", check);
          sub.off("ready", check);
          resolve(ok);
        };
        pub.on("ready", check);
        sub.on("ready", check);
      });
    },
    readiness: {
      name: "redis",
      // A node without Redis still serves its own clients: degraded, not out of rotation.
      critical: false,
      check: async () => {
        if (!healthy()) throw new Error(`redis connections: publisher ${pub.status}, subscriber ${sub.status}`);
      },
    },
    makeLimiter,
    onRecovered: (listener) => void recovered.push(listener),
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
