/**
 * The only reader of process.env. Every variable is validated here, so a bad deployment fails at
 * start-up with a message naming the variable, never later on a user's message.
 */
import { SHIPPED_LANGUAGES, type ShippedLanguage } from "./domain/escalation/default-lexicon";
import { randomBytes } from "node:crypto";
import { parseDataKeys, type DataKey } from "./storage/encryption/field-cipher";
import type { RetentionClass } from "./storage/retention-ports";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";

// scrypt runs on libuv's threadpool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which file
// and DNS work share: by default hashing may take at most three of them, and never more than 2 x cores.
const DEFAULT_HASH_CONCURRENCY = Math.max(1, Math.min(2 * availableParallelism(), 3));

const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x.length > 0));

const resource = z.strictObject({ name: z.string().min(1).max(100), contact: z.string().min(1).max(200), description: z.string().max(300).optional() });
const resourcesJson = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of {name, contact, description?}" });
      return z.NEVER;
    }
  })
  .pipe(z.array(resource).min(1).max(20));

/**
 * Shown until a deployment lists its own lines: the emergency number first, then lines that
 * cover many countries. Deployments should set CRISIS_RESOURCES for their region.
 */
export const DEFAULT_CRISIS_RESOURCES = [
  { name: "Emergency services", contact: "Your local emergency number (112, 911, 999, 000)", description: "If you or someone else is in immediate danger." },
  { name: "Find a helpline", contact: "https://findahelpline.com", description: "Free, confidential crisis lines in your country." },
];

const retentionDays = z.coerce.number().int().min(0).max(36_500);

const bool = z.enum(["true", "false", "1", "0"]).transform((s) => s === "true" || s === "1");

/** Every environment variable Haven reads, with its default. docs and the compose test read this list. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  // FULL: every acked message survives power loss. NORMAL (WAL): the last commits may be lost on power
  // loss (never on a crash of the process), integrity kept. OFF is not offered: it risks corruption.
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
  JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  // Comma-separated id:base64 entries of 32-byte keys; the first seals, all open. See docs/privacy.md.
  DATA_ENCRYPTION_KEYS: z
    .string()
    .transform((v, ctx) => {
      try {
        return parseDataKeys(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  ALLOWED_ORIGINS: csv.optional(),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, { message: "must start with mongodb:// or mongodb+srv://" }).optional(),
  MONGODB_WRITE_CONCERN: z.union([z.literal("majority"), z.coerce.number().int().min(0).max(50)]).default("majority"),
  MONGODB_JOURNAL: bool.default(true),
  MONGODB_AUTO_INDEX: bool.optional(),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  // Below the client's 10 s ack timeout, so a database that stops answering yields "unavailable".
  MONGODB_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, { message: "must start with redis:// or rediss://" }).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, { message: "must be 1-64 letters, digits, ':', '_' or '-'" }).default("haven"),
  REDIS_SHARDED_ADAPTER: bool.default(false),
  MESSAGE_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  MESSAGE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(10),
  WARN_LADDER_THRESHOLD: z.coerce.number().int().min(1).default(3),
  WARN_LADDER_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  WARN_LADDER_MUTE_MINUTES: z.coerce.number().int().min(1).default(30),
  FLAG_CONTEXT_MESSAGES: z.coerce.number().int().min(0).max(50).default(10),
  CRISIS_HOLD_IMMINENT: bool.default(false),
  FLAG_BURST_MINUTES: z.coerce.number().int().min(1).max(240).default(10),
  FLAG_DEADLINE_IMMINENT_SECONDS: z.coerce.number().int().min(10).default(120),
  FLAG_DEADLINE_HIGH_SECONDS: z.coerce.number().int().min(10).default(600),
  FLAG_DEADLINE_ELEVATED_SECONDS: z.coerce.number().int().min(10).default(3600),
  CRISIS_CONCERN_OTHER: z.enum(["page", "list"]).default("page"),
  CRISIS_CONTEXT_MESSAGES: z.coerce.number().int().min(0).max(20).default(5),
  CRISIS_CONTEXT_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  FLAG_REVIEW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ONCALL_WEBHOOK_URL: z.url({ message: "must be an http(s) URL" }).optional(),
  ONCALL_WEBHOOK_SECRET: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  SESSION_TICK_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  CRISIS_RESOURCES: resourcesJson.optional(),
  CRISIS_LANGUAGES: z
    .string()
    .transform((v) => v.split(",").map((l) => l.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.enum(SHIPPED_LANGUAGES as [ShippedLanguage, ...ShippedLanguage[]])).min(1, { message: "must name at least one language" }))
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(9000),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
  TYPING_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(1500),
  // Every client event, per user across nodes, in three classes; see docs/security.md.
  EVENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  EVENT_USER_LIMIT_READ: z.coerce.number().int().min(1).default(300),
  EVENT_USER_LIMIT_WRITE: z.coerce.number().int().min(1).default(150),
  EVENT_USER_LIMIT_TYPING: z.coerce.number().int().min(1).default(50),
  EVENT_SOCKET_BURST: z.coerce.number().int().min(1).default(50),
  // log2 of scrypt's N. 15 (32 MiB, ~50 ms) suits servers; tests lower it to stay fast.
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULT_HASH_CONCURRENCY),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1000).optional(),
  PASSWORD_MIN_SCORE: z.coerce.number().int().min(0).max(4).default(3),
  // Minutes after sending during which its author may edit a message; 0 turns editing off.
  MESSAGE_EDIT_WINDOW_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(15),
  // What an erased account's messages become: erased bodies, or kept under a pseudonym (docs/privacy.md).
  ACCOUNT_ERASURE_MESSAGES: z.enum(["erase", "pseudonymise"]).default("erase"),
  // How often each node re-decides its own sockets' access, for changes made around the server.
  ACCESS_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Days each data class is kept; 0 keeps it for ever. Safety records are kept long; see docs/privacy.md.
  RETENTION_ROOM_MESSAGES_DAYS: retentionDays.default(365),
  RETENTION_PRIVATE_MESSAGES_DAYS: retentionDays.default(730),
  RETENTION_FLAG_CONTEXT_DAYS: retentionDays.default(730),
  RETENTION_ONCALL_LOG_DAYS: retentionDays.default(365),
  RETENTION_ATTENDANCE_DAYS: retentionDays.default(730),
  RETENTION_AUDIT_DAYS: retentionDays.default(2190),
  // How often each node tries to claim and run the sweeps.
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  // Connections and backpressure; see docs/security.md.
  CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  SOCKET_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).default(4 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

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

/**
 * Generated once and kept, so a development server reads its own data after a restart. Created
 * exclusively: nodes sharing a DATA_DIR that start together all end up with the first one's key.
 */
function developmentDataKeys(dataDir: string): DataKey[] {
  const file = path.join(dataDir, "data-encryption-key");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    // Written whole under another name, then linked into place: a reader never sees half a key.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(draft, `dev:${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(draft);
    }
  }
  return parseDataKeys(readFileSync(file, "utf8").trim());
}

/** Generated once and kept, so tokens survive a restart of a development server. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
