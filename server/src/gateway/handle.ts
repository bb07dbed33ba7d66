/**
 * The one wrapper every client event goes through: validate, call the domain, send the single ack,
 * then run whatever the handler wants broadcast. Acking first lets the sender settle its pending
 * message before its own copy of the broadcast arrives.
 */
import type { z } from "zod";
import type { Ack, AckCallback } from "../../../shared/ack";
import type { ClientEventName, ClientToServerEvents } from "../../../shared/events";
import type { ErrorCode } from "../../../shared/errors";
import type { Actor } from "../domain/actor";
import { DomainError } from "../domain/errors";
import type { Logger } from "../logger";
import { StoreUnavailableError } from "../storage/ports";
import { logThrottle } from "./log-throttle";
import type { HavenSocket } from "./types";

export interface Reply<T> {
  data: T;
  /** Runs after the ack is sent; failures are logged, the client already has its answer. */
  after?: () => unknown;
}

export const reply = <T>(data: T, after?: () => unknown): Reply<T> => ({ data, after });

type AckData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;

const failure = (code: ErrorCode, message: string, details?: unknown): Ack<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

// One line per socket per minute: a client emitting thousands of ack-less events must not fill the log.
const acklessWarning = logThrottle(60_000);

/** Runs one client event for one socket: `args` as the client sent them, the ack last. */
export type Handler = (socket: HavenSocket, args: unknown[]) => Promise<void>;

/** Defines the handler of one event, for every socket. */
export type On = <E extends ClientEventName, S extends z.ZodType>(
  event: E,
  schema: S,
  fn: (input: z.output<S>, actor: Actor, socket: HavenSocket) => Promise<Reply<AckData<E>>>,
) => void;

/**
 * Every event's handler, made once for the whole server. Registering closures per socket (one per
 * event, some fifty) cost each idle connection more memory than Socket.IO itself; with one table,
 * a connection costs one dispatching middleware (gateway/index.ts).
 */
export function createHandlerTable(logger: Logger): { table: ReadonlyMap<string, Handler>; on: On } {
  const table = new Map<string, Handler>();
  const on: On = (event, schema, fn) => {
    if (table.has(event)) throw new Error(`two handlers for ${event}`);
    table.set(event, handler(logger, event, schema, fn));
  };
  return { table, on };
}

/** Installs the table on a socket as its last middleware: a handled event ends there, anything else goes on (and is ignored). */
export function dispatchEvents(socket: HavenSocket, table: ReadonlyMap<string, Handler>): void {
  socket.use((packet, next) => {
    const handler = table.get(packet[0]);
    if (!handler) return next();
    void handler(socket, packet.slice(1));
  });
}

function handler<E extends ClientEventName, S extends z.ZodType>(
  logger: Logger,
  event: E,
  schema: S,
  fn: (input: z.output<S>, actor: Actor, socket: HavenSocket) => Promise<Reply<AckData<E>>>,
): Handler {
  return async (socket, args) => {
    // The acknowledgement is the last argument, whatever came before it: no payload, or too many.
    const ack: unknown = args.length > 0 ? args[args.length - 1] : undefined;
    const payload: unknown = args.length === 2 ? args[0] : undefined;
    if (typeof ack !== "function") {
      acklessWarning(socket, (suppressed) =>
        logger.warn({ event, socketId: socket.id, suppressed }, "event without an acknowledgement callback dropped"),
      );
      return;
    }
    const send = ack as (result: Ack<AckData<E>>) => void;
    if (args.length > 2) {
      send(failure("invalid_input", `Invalid ${event} payload: send one payload object and an acknowledgement.`));
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      // The first problem in words, so a form can show the person what to fix without parsing details.
      const first = details[0];
      send(failure("invalid_input", first ? `Invalid ${event} payload: ${first.path || "payload"} ${first.message}.` : `Invalid ${event} payload.`, details));
      return;
    }
    let result: Reply<AckData<E>>;
    try {
      result = await fn(parsed.data, socket.data, socket);
    } catch (e) {
      if (e instanceof DomainError) {
        send(failure(e.code, e.message, e.details));
      } else if (e instanceof StoreUnavailableError) {
        logger.warn({ event, socketId: socket.id, err: e.message }, "store unavailable");
        send(failure("unavailable", "The service is briefly unavailable; please retry."));
      } else {
        logger.error({ event, socketId: socket.id, err: e }, "event handler failed");
        send(failure("internal", "Something went wrong on the server."));
      }
      return;
    }
    send({ ok: true, data: result.data });
    if (result.after) {
      try {
        await result.after();
      } catch (e) {
        logger.error({ event, socketId: socket.id, err: e }, "after-ack step failed");
      }
    }
  };
}
