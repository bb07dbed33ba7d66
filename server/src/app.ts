/**
 * Builds a Haven server without listening and without reading the environment, so tests can start
 * as many as they like on port 0 with the store they choose.
 */
import { shippedLexicon } from "./domain/escalation/default-lexicon";
import { createServer, type Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createLoginThrottle, type LoginThrottle } from "./auth/login-throttle";
import { createHashGate } from "./auth/hash-gate";
import { gatedHasher, scryptHasher, type PasswordHasher } from "./auth/passwords";
import { createTokenService } from "./auth/tokens";
import type { Session, SessionDetail } from "../../shared/dto";
import type { Config } from "./config";
import { systemClock, type Clock } from "./domain/clock";
import { attachGateway } from "./gateway";
import { createEventLimits } from "./gateway/event-limits";
import { createFloodControl } from "./gateway/flood-control";
import { originAllowed, useTokenAuth } from "./gateway/socket-auth";
import { startFlagTicker, type FlagTicker } from "./gateway/flag-ticker";
import { startSessionTicker, type SessionTicker } from "./gateway/session-ticker";
import { startRetentionTicker, type RetentionTicker } from "./gateway/retention-ticker";
import { createAccessEviction } from "./gateway/access-eviction";
import { cacheAccessReads, isAccessArea } from "./storage/access-cache";
import { capUnsentBytes } from "./gateway/backpressure";
import { createConnectionLimits } from "./gateway/connection-limits";
import { createOncallWebhook, type OncallWebhook } from "./notify/oncall-webhook";
import { roomChannel, userChannel, type HavenServer } from "./gateway/types";
import { shareStoredSeqs } from "./scale/seq-hints";
import { createHttpApp } from "./http/create-http-app";
import { announceErasure } from "./gateway/erasure-events";
import type { ReadinessCheck } from "./http/health.routes";
import type { Logger } from "./logger";
import { memoryLimiters } from "./scale/limiters";
import { createSlowModeGate } from "./scale/slow-mode-gate";
import type { RedisFanout } from "./scale/redis-fanout";
import { createServices, type Services } from "./services";
import type { Store } from "./storage/ports";
import { channelOf } from "./gateway/checkins.handlers";

export interface AppDeps {
  store: Store;
  logger: Logger;
  clock?: Clock;
  throttle?: LoginThrottle;
  /** The password hasher under the per-node hash gate; scrypt at PASSWORD_HASH_COST when absent. */
  passwordHasher?: PasswordHasher;
  /** Extra /readyz checks. */
  readiness?: ReadinessCheck[];
  /** The on-call webhook; built from config when absent. */
  oncall?: OncallWebhook;
  /** Set when several nodes share Redis: the adapter, shared rate limits and fan-out health. */
  fanout?: Pick<RedisFanout, "adapter" | "healthy" | "readiness" | "makeLimiter" | "onRecovered">;
}

export interface App {
  httpServer: HttpServer;
  io: HavenServer;
  services: Services;
  /** The session closer; tests call tick() instead of waiting for the interval. */
  sessions: SessionTicker;
  /** The flag deadline checker; tests call tick() with a manual clock. */
  flags: FlagTicker;
  /** The retention sweep; tests call tick() with a manual clock. */
  retention: RetentionTicker;
  /** Tells clients to reconnect elsewhere, stops accepting, and disconnects everyone. Idempotent. */
  close(): Promise<void>;
}

export const RECONNECT_AFTER_MS = 2000;

function publicView(session: SessionDetail): Session {
  const { inviteeIds: _invitees, ...rest } = session;
  return { ...rest, myRegistration: null };
}

export function createApp(config: Config, deps: AppDeps): App {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;
  // Room access facts in memory, dropped on every change; see storage/access-cache.ts.
  const access = cacheAccessReads(deps.store, { ttlMs: config.accessRecheckMs });
  // How far each node has written in each room, so two nodes sharing a room rarely clash; see scale/seq-hints.ts.
  const seqHints = shareStoredSeqs(access.store.messages);
  const store = { ...access.store, messages: seqHints.messages };
  const { fanout } = deps;
  const makeLimiter = fanout?.makeLimiter ?? memoryLimiters;
  const services = createServices({
    store,
    clock,
    passwordCost: config.passwordHashCost,
    // Sign-in, account creation and any password set share one cap, so no flood of one starves the others.
    passwords: gatedHasher(deps.passwordHasher ?? scryptHasher(config.passwordHashCost), createHashGate(config.passwordHashing)),
    minPasswordScore: config.passwordMinScore,
    slowMode: createSlowModeGate(makeLimiter),
    warnLadder: config.warnLadder,
    crisisResources: config.crisisResources,
    lexicon: shippedLexicon(config.crisisLanguages),
    flagSettings: config.flags,
    detectorOptions: { concernOther: config.concernOther },
    editWindowMinutes: config.editWindowMinutes,
    erasureMessages: config.erasureMessages,
  });
  const tokens = createTokenService({ secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds, now: () => clock.now() });
  const throttle = deps.throttle ?? createLoginThrottle(config.loginThrottle, makeLimiter);

  const readiness = (): ReadinessCheck[] => [
    { name: "store", check: () => store.ping() },
    ...(fanout ? [fanout.readiness] : []),
    ...(deps.readiness ?? []),
  ];
  const connectionLimits = createConnectionLimits({ perAddress: config.connections.perAddress, perUser: config.connections.perUser, trustProxy: config.trustProxy });
  const io: HavenServer = new Server({
    serveClient: false,
    allowRequest: connectionLimits.allowRequest(originAllowed(config.allowedOrigins)),
    // A connection that has not authenticated by then is closed: it holds a descriptor and memory.
    connectTimeout: config.connections.handshakeTimeoutMs,
    cors: config.allowedOrigins.length > 0 ? { origin: config.allowedOrigins } : undefined,
    maxHttpBufferSize: 64 * 1024,
    adapter: fanout?.adapter,
  });
  const fanoutHealthy = () => fanout?.healthy() ?? true;
  const eviction = createAccessEviction({ io, logger, services, fanoutHealthy, beforeSweep: () => access.clear() });
  if (fanout) {
    // The other nodes drop what this one changed before the change is answered, so no node acts on
    // the old state afterwards. Without Redis they cannot be told: recovery clears everything.
    access.onChange(async (areas) => {
      if (!fanout.healthy()) return;
      // Bounded by the adapter's request timeout (scale/redis-fanout.ts).
      await io
        .serverSideEmitWithAck("access:changed", areas)
        .catch((err: unknown) => logger.warn({ err: (err as Error).message, areas }, "not every node confirmed an access change; their sweep catches up"));
    });
    io.on("access:changed", (areas, done) => {
      access.forget(Array.isArray(areas) ? areas.filter(isAccessArea) : []);
      if (typeof done === "function") done();
    });
    io.on(
      "seq:stored",
      seqHints.attach((hints) => {
        if (fanout.healthy()) io.serverSideEmit("seq:stored", hints);
      }),
    );
  }
  const recheck = (what: Promise<void>): Promise<void> => what.catch((err: unknown) => logger.warn({ err: (err as Error).message }, "access recheck failed; the sweep retries"));
  // Each participant gets the conversation as they see it.
  const conversationChanged = (conversationId: string, userIds: string[]) => {
    for (const userId of userIds) {
      services.conversations
        .summaryFor(conversationId, userId)
        .then((summary) => io.to(channelOf(userId)).emit("conversation:updated", summary))
        .catch((err: unknown) => logger.warn({ err }, "conversation update not sent"));
    }
  };
  const sessionPromoted = (session: { id: string; roomId: string; title: string; startsAt: Date | string }, userIds: string[]) => {
    if (userIds.length === 0) return;
    const startsAt = typeof session.startsAt === "string" ? session.startsAt : session.startsAt.toISOString();
    io.to(userIds.map(userChannel)).emit("session:promoted", { sessionId: session.id, roomId: session.roomId, title: session.title, startsAt });
  };
  const httpApp = createHttpApp({
    services,
    tokens,
    throttle,
    logger,
    trustProxy: config.trustProxy,
    readiness,
    // A changed role must not linger on open sockets: they reconnect and authenticate afresh, on every node.
    onAccountChanged: (userId) => io.in(userChannel(userId)).disconnectSockets(true),
    crisisResources: config.crisisResources,
    conversationEvents: { changed: conversationChanged },
    onAccountErased: announceErasure({ io, services, logger, conversationChanged, promoted: sessionPromoted }),
    sessionEvents: {
      // The room hears the public view: not the invitation list, not the acting moderator's own place.
      updated: (session) => io.to(roomChannel(session.roomId)).emit("session:updated", publicView(session)),
      // Invitations, staff lists or a registration changed: whoever may no longer read the room leaves it now.
      accessChanged: (roomId) => recheck(eviction.recheckRoom(roomId)),
      promoted: sessionPromoted,
      cancelled: (session, userIds) => {
        const event = { sessionId: session.id, roomId: session.roomId, title: session.title, startsAt: session.startsAt };
        io.to([roomChannel(session.roomId), ...userIds.map(userChannel)]).emit("session:cancelled", event);
      },
    },
  });
  const httpServer = createServer(httpApp);
  io.attach(httpServer);
  // The same deadline for a request's headers: a client that opens TCP connections and sends nothing.
  httpServer.headersTimeout = config.connections.handshakeTimeoutMs;
  // Bodies are at most 64 KB: a request still arriving after this is holding a descriptor on purpose.
  httpServer.requestTimeout = Math.max(30_000, config.connections.handshakeTimeoutMs);
  connectionLimits.guardTcp(httpServer);
  useTokenAuth(io, { tokens, accounts: services.accounts, logger });
  connectionLimits.install(io);
  capUnsentBytes(io, config.connections.maxBufferedBytes, logger);
  const flood = createFloodControl(makeLimiter, config.messageRateLimit);
  const oncall = deps.oncall ?? (config.oncallWebhook ? createOncallWebhook({ ...config.oncallWebhook, logger, deliveries: store.oncallDeliveries }) : undefined);
  const limits = createEventLimits(makeLimiter, config.eventLimits, logger);
  attachGateway({ io, logger, services, config, flood, limits, fanoutHealthy, eviction, oncall });
  const stopSweep = eviction.start(config.accessRecheckMs);
  const ticker = startSessionTicker({ io, logger, services, intervalMs: config.sessionTickMs });
  const flagTicker = startFlagTicker({ io, logger, services, oncall, intervalMs: config.sessionTickMs });
  const retention = startRetentionTicker({ logger, store: store.retention, clock, settings: config.retention });
  // A saved lexicon override applies from the first message, not only from the first tick.
  services.lexicon.refresh().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "lexicon override not loaded yet"));
  // Broadcasts from other nodes were lost while Redis was away: tell this node's clients to gap-fill.
  // Changes announced meanwhile were lost too: forget every access fact.
  fanout?.onRecovered(() => {
    access.clear();
    io.local.emit("server:resync", {});
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ticker.stop();
      flagTicker.stop();
      retention.stop();
      stopSweep();
      io.emit("server:restarting", { reconnectAfterMs: RECONNECT_AFTER_MS });
      // io.close() disconnects every socket and closes the HTTP server; its callback fires once all is closed.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      // Shadow entry counts still in memory: the store is closed after this.
      await services.lexiconStats.flush().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "shadow entry counts not saved at shutdown"));
    })();
    return closing;
  };

  return { httpServer, io, services, sessions: ticker, flags: flagTicker, retention, close };
}
