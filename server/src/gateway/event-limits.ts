/**
 * Limits on every client event, before the wrapper in handle.ts sees it: one hostile account must
 * not be able to make the server answer, store, relay or log without bound. Two layers:
 *
 * - per socket, a token bucket in this node's memory: refuses a flooding socket at once, without
 *   a round trip to Redis, so the flood costs little more than reading the packet;
 * - per user, the app's shared limiter (Redis when several nodes share it), so more tabs or another
 *   node buy no extra events.
 *
 * An event over either limit is acked `rate_limited` with `retryAfterMs` and goes no further.
 * Events sent without an ack callback count too; they are then dropped by the wrapper.
 */
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Ack } from "../../../shared/ack";
import type { ClientEventName } from "../../../shared/events";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { LimiterFactory } from "../scale/limiters";
import { logThrottle } from "./log-throttle";
import type { HavenSocket } from "./types";

export type EventClass = "read" | "write" | "typing";

/** Every client event is classified; a new event will not typecheck until it is. */
export const EVENT_CLASS: Record<ClientEventName, EventClass> = {
  "room:list": "read",
  "message:history": "read",
  "conversation:list": "read",
  "conversation:history": "read",
  "flag:list": "read",
  "flag:get": "read",
  "flag:review_list": "read",
  "flag:history": "read",
  "typing:set": "typing",
  "conversation:typing": "typing",
  "room:create": "write",
  "room:join": "write",
  "room:leave": "write",
  "message:send": "write",
  "message:delete": "write",
  "message:edit": "write",
  "reaction:set": "write",
  "report:message": "write",
  "report:person": "write",
  "block:set": "write",
  "block:list": "read",
  "conversation:delete": "write",
  "room:lock": "write",
  "room:slow_mode": "write",
  "room:pin": "write",
  "moderation:mute": "write",
  "moderation:unmute": "write",
  "moderation:remove": "write",
  "moderation:ban": "write",
  "moderation:unban": "write",
  "moderation:warn": "write",
  "conversation:send": "write",
  "conversation:read": "write",
  "availability:set": "write",
  "flag:claim": "write",
  "flag:resolve": "write",
  "flag:release": "write",
  "flag:promote": "write",
  "flag:dismiss": "write",
  "conversation:escalate": "write",
  "flag:checkin": "write",
  "checkin:close": "write",
  "flag:unclaim": "write",
  "flag:reassign": "write",
  "room:read": "write",
  "conversation:reaction_set": "write",
  "staff:list": "read",
  "moderation:room_sanctions": "read",
  "moderation:member_history": "read",
};

const classOf = (event: string): EventClass =>
  // Unknown names have no handler, but still cost a packet: they count with the strictest class.
  Object.hasOwn(EVENT_CLASS, event) ? EVENT_CLASS[event as ClientEventName] : "write";

const CLASSES: EventClass[] = ["read", "write", "typing"];

/** A token bucket: `capacity` at once, refilled at `perSecond`. Returns 0 when taken, else ms until a token. */
function tokenBucket(capacity: number, perSecond: number, now: () => number): () => number {
  let tokens = capacity;
  let at = now();
  return () => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - at) / 1000) * perSecond);
    at = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / perSecond) * 1000);
  };
}

export interface EventLimits {
  /** Installs the limits on a new connection, before any handler is registered. */
  attach(socket: HavenSocket): void;
}

export function createEventLimits(
  makeLimiter: LimiterFactory,
  settings: Config["eventLimits"],
  logger: Logger,
  now: () => number = Date.now,
): EventLimits {
  const { windowSeconds, socketBurst, perUser } = settings;
  const users = Object.fromEntries(
    CLASSES.map((c) => [c, makeLimiter({ keyPrefix: `events-${c}`, points: perUser[c], duration: windowSeconds })]),
  ) as Record<EventClass, ReturnType<LimiterFactory>>;
  const overLimitLog = logThrottle(60_000, now);
  const limiterFailureLog = logThrottle(60_000, now);

  return {
    attach(socket) {
      const buckets = Object.fromEntries(CLASSES.map((c) => [c, tokenBucket(socketBurst, perUser[c] / windowSeconds, now)])) as Record<
        EventClass,
        () => number
      >;
      const refuse = (event: string, cls: EventClass, ack: unknown, waitMs: number, scope: "socket" | "user") => {
        overLimitLog(socket, (suppressed) =>
          logger.warn({ event, eventClass: cls, scope, socketId: socket.id, userId: socket.data.userId, suppressed }, "client over its event limit"),
        );
        if (typeof ack !== "function") return;
        const retryAfterMs = Math.max(1, waitMs);
        const answer: Ack<never> = {
          ok: false,
          error: {
            code: "rate_limited",
            message: "Too many requests. Please slow down.",
            details: { retryAfterMs, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
          },
        };
        (ack as (a: Ack<never>) => void)(answer);
      };

      socket.use((packet, next) => {
        const [event] = packet;
        const ack: unknown = packet.length > 1 ? packet[packet.length - 1] : undefined;
        const cls = classOf(event);
        const waitMs = buckets[cls]();
        if (waitMs > 0) return refuse(event, cls, ack, waitMs, "socket");
        users[cls].consume(socket.data.userId).then(
          () => next(),
          (e: unknown) => {
            if (e instanceof RateLimiterRes) return refuse(event, cls, ack, e.msBeforeNext, "user");
            // The shared limiter has an in-memory fallback; an error past it should not lock everyone out.
            limiterFailureLog(socket, (suppressed) =>
              logger.warn({ err: (e as Error).message, event, socketId: socket.id, suppressed }, "event limiter failed; event let through"),
            );
            next();
          },
        );
      });
    },
  };
}
