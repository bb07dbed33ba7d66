import pino, { type Logger } from "pino";
import type { Config } from "./config";

export type { Logger };

/**
 * Redaction is a second line of defence: code never passes bodies, passwords or tokens to the
 * logger, and these paths catch the case where it does by mistake.
 */
const REDACT = [
  "body",
  "*.body",
  "password",
  "*.password",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
];

export function createLogger(log: Config["log"]): Logger {
  return pino({
    level: log.level,
    redact: { paths: REDACT, censor: "[redacted]" },
    transport: log.pretty ? { target: "pino-pretty", options: { colorize: true } } : undefined,
  });
}
