/**
 * The only reader of process.env. Every variable is validated here, so a bad deployment fails at
 * start-up with a message naming the variable, never later on a user's message.
 */
import { SHIPPED_LANGUAGES, type ShippedLanguage } from "./domain/escalation/default-lexicon";
import type { DataKey } from "./storage/encryption/field-cipher";
import type { RetentionClass } from "./storage/retention-ports";
import path from "node:path";
import { DEFAULT_CRISIS_RESOURCES, envSchema, type Env } from "./config-env";
import { developmentDataKeys, developmentSecret } from "./dev-secrets";

export { DEFAULT_CRISIS_RESOURCES, envSchema, type Env } from "./config-env";

export interface Config {
  env: Env["NODE_ENV"];
  host: string;
  port: number;
  dataDir: string;
  /** The embedded store's durability of a commit (see SQLITE_SYNCHRONOUS). */
  sqliteSynchronous: Env["SQLITE_SYNCHRONOUS"];
  jwtSecret: string;
  /** The first seals new values at rest; every one opens (see storage/encryption). */
  dataKeys: DataKey[];
  tokenTtlSeconds: number;
  /** Browser origins allowed to open a socket; empty means same-origin only. */
  allowedOrigins: string[];
  trustProxy: boolean;
  log: { level: Env["LOG_LEVEL"]; pretty: boolean };
  mongodbUri?: string;
  mongo: {
    writeConcern: { w: number | "majority"; journal: boolean };
    autoIndex: boolean;
    serverSelectionTimeoutMs: number;
    operationTimeoutMs: number;
  };
  redisUrl?: string;
  /** Namespaces every Redis channel and key, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  redisShardedAdapter: boolean;
  /** Per user, across all nodes when Redis is configured: at most `points` message:send per `windowSeconds`. */
  messageRateLimit: { points: number; windowSeconds: number };
  /** Repeated warnings within the window mute the user automatically. */
  warnLadder: { threshold: number; windowMinutes: number; muteMinutes: number };
  flags: {
    contextMessages: number;
    burstMinutes: number;
    deadlineSeconds: { imminent: number; high: number; elevated: number };
    holdImminent: boolean;
    reviewRetentionDays: number;
    cueMemory: { messages: number; minutes: number };
  };
  /** Someone else at risk now: page moderators, or only list it for them. */
  concernOther: "page" | "list";
  /** Where overdue and unattended flags are sent; both or neither. */
  oncallWebhook?: { url: string; secret: string };
  /** How often each node looks for sessions that reached their end. */
  sessionTickMs: number;
  /** Where people can get help now; shown in the help panel, to members whose peer is away, and on a crisis flag. */
  crisisResources: { name: string; contact: string; description?: string }[];
  /** The shipped lexicons the crisis detector reads (CRISIS_LANGUAGES); all by default. */
  crisisLanguages: ShippedLanguage[];
  shutdownTimeoutMs: number;
  /** Sign-in attempts per (account, client address) and per client address, per window. */
  loginThrottle: { maxFailures: number; windowSeconds: number; ipMaxFailures: number };
  typingMinIntervalMs: number;
  /**
   * Every client event: per user (across nodes with Redis) at most `perUser[class]` per `windowSeconds`;
   * per socket a token bucket of `socketBurst` refilled at the same average rate.
   */
  eventLimits: { windowSeconds: number; socketBurst: number; perUser: { read: number; write: number; typing: number } };
  passwordHashCost: number;
  /** Password hashes running at once on this node, and how many may wait; the rest are refused. */
  passwordHashing: { concurrency: number; queue: number };
  /** Lowest zxcvbn score (0-4) of a new password. */
  passwordMinScore: number;
  /** Minutes after sending during which its author may edit a message; 0: never. */
  editWindowMinutes: number;
  /** ACCOUNT_ERASURE_MESSAGES. */
  erasureMessages: "erase" | "pseudonymise";
  /** How often each node re-decides its sockets' access (for changes made outside the server). */
  accessRecheckMs: number;
  /** Days each data class is kept (0: for ever), and how often each node tries a sweep. */
  retention: { days: Record<RetentionClass, number>; sweepMinutes: number };
  /**
   * Open sockets per client address and per user on this node; how long a connection may take to
   * authenticate; how many bytes may wait unsent to one socket before it is disconnected.
   */
  connections: { perAddress: number; perUser: number; handshakeTimeoutMs: number; maxBufferedBytes: number };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface LoadConfigResult {
  config: Config;
  warnings: string[];
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): LoadConfigResult {
  // An empty variable means "not set", as it does in docker-compose files and shells.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const warnings: string[] = [];
  const dataDir = path.resolve(env.DATA_DIR);
  if (Boolean(env.ONCALL_WEBHOOK_URL) !== Boolean(env.ONCALL_WEBHOOK_SECRET)) {
    throw new ConfigError("Invalid configuration:\n  ONCALL_WEBHOOK_URL and ONCALL_WEBHOOK_SECRET: set both or neither (an unsigned alert could be forged)");
  }

  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (env.NODE_ENV === "production") {
      throw new ConfigError("Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 characters)");
    }
    jwtSecret = developmentSecret(dataDir);
    warnings.push(`JWT_SECRET is not set: using a development secret kept in ${path.join(dataDir, "jwt-secret")}. Set JWT_SECRET in production.`);
  }

  let dataKeys = env.DATA_ENCRYPTION_KEYS;
  if (!dataKeys) {
    if (env.NODE_ENV === "production") {
      throw new ConfigError("Invalid configuration:\n  DATA_ENCRYPTION_KEYS: required when NODE_ENV=production (id:base64 of 32 random bytes, e.g. k1:$(openssl rand -base64 32))");
    }
    dataKeys = developmentDataKeys(dataDir);
    warnings.push(`DATA_ENCRYPTION_KEYS is not set: using a development key kept in ${path.join(dataDir, "data-encryption-key")}. Set DATA_ENCRYPTION_KEYS in production, and keep it apart from the data.`);
  }

  return {
    warnings,
    config: {
      env: env.NODE_ENV,
      host: env.HOST,
      port: env.PORT,
      dataDir,
      sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
      jwtSecret,
      dataKeys,
      tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
      allowedOrigins: env.ALLOWED_ORIGINS ?? [],
      trustProxy: env.TRUST_PROXY,
      log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY ?? env.NODE_ENV === "development" },
      mongodbUri: env.MONGODB_URI,
      mongo: {
        writeConcern: { w: env.MONGODB_WRITE_CONCERN, journal: env.MONGODB_JOURNAL },
        // Production builds indexes with `npm run db:migrate`, never as a side effect of starting a node.
        autoIndex: env.MONGODB_AUTO_INDEX ?? env.NODE_ENV !== "production",
        serverSelectionTimeoutMs: env.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
        operationTimeoutMs: env.MONGODB_OPERATION_TIMEOUT_MS,
      },
      redisUrl: env.REDIS_URL,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      redisShardedAdapter: env.REDIS_SHARDED_ADAPTER,
      messageRateLimit: { points: env.MESSAGE_RATE_LIMIT, windowSeconds: env.MESSAGE_RATE_WINDOW_SECONDS },
      warnLadder: {
        threshold: env.WARN_LADDER_THRESHOLD,
        windowMinutes: env.WARN_LADDER_WINDOW_MINUTES,
        muteMinutes: env.WARN_LADDER_MUTE_MINUTES,
      },
      sessionTickMs: env.SESSION_TICK_SECONDS * 1000,
      flags: {
        contextMessages: env.FLAG_CONTEXT_MESSAGES,
        burstMinutes: env.FLAG_BURST_MINUTES,
        deadlineSeconds: { imminent: env.FLAG_DEADLINE_IMMINENT_SECONDS, high: env.FLAG_DEADLINE_HIGH_SECONDS, elevated: env.FLAG_DEADLINE_ELEVATED_SECONDS },
        holdImminent: env.CRISIS_HOLD_IMMINENT,
        reviewRetentionDays: env.FLAG_REVIEW_RETENTION_DAYS,
        cueMemory: { messages: env.CRISIS_CONTEXT_MESSAGES, minutes: env.CRISIS_CONTEXT_MINUTES },
      },
      concernOther: env.CRISIS_CONCERN_OTHER,
      oncallWebhook: env.ONCALL_WEBHOOK_URL && env.ONCALL_WEBHOOK_SECRET ? { url: env.ONCALL_WEBHOOK_URL, secret: env.ONCALL_WEBHOOK_SECRET } : undefined,
      crisisResources: env.CRISIS_RESOURCES ?? DEFAULT_CRISIS_RESOURCES,
      crisisLanguages: env.CRISIS_LANGUAGES ?? SHIPPED_LANGUAGES,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      loginThrottle: {
        maxFailures: env.LOGIN_MAX_FAILURES,
        windowSeconds: env.LOGIN_WINDOW_SECONDS,
        ipMaxFailures: env.LOGIN_IP_MAX_FAILURES,
      },
      typingMinIntervalMs: env.TYPING_MIN_INTERVAL_MS,
      eventLimits: {
        windowSeconds: env.EVENT_RATE_WINDOW_SECONDS,
        socketBurst: env.EVENT_SOCKET_BURST,
        perUser: { read: env.EVENT_USER_LIMIT_READ, write: env.EVENT_USER_LIMIT_WRITE, typing: env.EVENT_USER_LIMIT_TYPING },
      },
      passwordHashCost: env.PASSWORD_HASH_COST,
      // A waiting hash adds about one hash time per `concurrency` ahead of it: eight rounds at most by default.
      passwordHashing: { concurrency: env.PASSWORD_HASH_CONCURRENCY, queue: env.PASSWORD_HASH_QUEUE ?? 8 * env.PASSWORD_HASH_CONCURRENCY },
      passwordMinScore: env.PASSWORD_MIN_SCORE,
      accessRecheckMs: env.ACCESS_RECHECK_SECONDS * 1000,
      editWindowMinutes: env.MESSAGE_EDIT_WINDOW_MINUTES,
      erasureMessages: env.ACCOUNT_ERASURE_MESSAGES,
      retention: {
        days: {
          roomMessages: env.RETENTION_ROOM_MESSAGES_DAYS,
          privateMessages: env.RETENTION_PRIVATE_MESSAGES_DAYS,
          flagContext: env.RETENTION_FLAG_CONTEXT_DAYS,
          oncallLog: env.RETENTION_ONCALL_LOG_DAYS,
          attendance: env.RETENTION_ATTENDANCE_DAYS,
          audit: env.RETENTION_AUDIT_DAYS,
        },
        sweepMinutes: env.RETENTION_SWEEP_MINUTES,
      },
      connections: {
        perAddress: env.CONNECTIONS_PER_ADDRESS,
        perUser: env.CONNECTIONS_PER_USER,
        handshakeTimeoutMs: env.HANDSHAKE_TIMEOUT_MS,
        maxBufferedBytes: env.SOCKET_MAX_BUFFERED_BYTES,
      },
    },
  };
}
