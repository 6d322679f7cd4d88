import pino, { type Logger } from "pino";

const KEY = Symbol.for("ringlet.logger");
type Holder = { [KEY]?: Logger };

/** One JSON logger per process; child loggers carry the request id. */
export function logger(): Logger {
  const g = globalThis as Holder;
  g[KEY] ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
    base: { app: "ringlet" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["password", "*.password", "token", "*.token", "key", "*.key"],
  });
  return g[KEY];
}

export type { Logger };
