/** Every environment variable Haven reads, with its validation and default (read by config.ts). */
import { SHIPPED_LANGUAGES, type ShippedLanguage } from "./domain/escalation/default-lexicon";
import { parseDataKeys } from "./storage/encryption/field-cipher";
import { availableParallelism } from "node:os";
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
