/**
 * Builds a Haven server without listening and without reading the environment, so tests can start
 * as many as they like on port 0 with the store they choose.
 */
import { createServer, type Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createLoginThrottle, type LoginThrottle } from "./auth/login-throttle";
import { createTokenService } from "./auth/tokens";
import type { Config } from "./config";
import { systemClock, type Clock } from "./domain/clock";
import { attachGateway } from "./gateway";
import { originAllowed, useTokenAuth } from "./gateway/socket-auth";
import type { HavenServer } from "./gateway/types";
import { createHttpApp } from "./http/create-http-app";
import type { ReadinessCheck } from "./http/health.routes";
import type { Logger } from "./logger";
import { createServices, type Services } from "./services";
import type { Store } from "./storage/ports";

export interface AppDeps {
  store: Store;
  logger: Logger;
  clock?: Clock;
  throttle?: LoginThrottle;
  /** Extra /readyz checks, for example the Redis adapter's connection. */
  readiness?: ReadinessCheck[];
}

export interface App {
  httpServer: HttpServer;
  io: HavenServer;
  services: Services;
  /** Tells clients to reconnect elsewhere, stops accepting, and disconnects everyone. Idempotent. */
  close(): Promise<void>;
}

export const RECONNECT_AFTER_MS = 2000;

export function createApp(config: Config, deps: AppDeps): App {
  const clock = deps.clock ?? systemClock;
  const { store, logger } = deps;
  const services = createServices({ store, clock, passwordCost: config.passwordHashCost });
  const tokens = createTokenService({ secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds, now: () => clock.now() });
  const throttle = deps.throttle ?? createLoginThrottle(config.loginThrottle);

  const readiness = (): ReadinessCheck[] => [{ name: "store", check: () => store.ping() }, ...(deps.readiness ?? [])];
  const httpApp = createHttpApp({ services, tokens, throttle, logger, trustProxy: config.trustProxy, readiness });
  const httpServer = createServer(httpApp);

  const io: HavenServer = new Server(httpServer, {
    serveClient: false,
    allowRequest: originAllowed(config.allowedOrigins),
    cors: config.allowedOrigins.length > 0 ? { origin: config.allowedOrigins } : undefined,
    maxHttpBufferSize: 64 * 1024,
  });
  useTokenAuth(io, { tokens, accounts: services.accounts, logger });
  attachGateway({ io, logger, services, config });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      io.emit("server:restarting", { reconnectAfterMs: RECONNECT_AFTER_MS });
      // io.close() disconnects every socket and closes the HTTP server; its callback fires once all is closed.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeIdleConnections();
      });
    })();
    return closing;
  };

  return { httpServer, io, services, close };
}
