import { z } from "zod";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: z.url().optional(),
  BETTER_AUTH_URL: z.url().optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  SETTINGS_ENCRYPTION_KEY: z.string().min(32, "use at least 32 characters").optional(),
  DATA_DIR: z.string().default("./.data"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  RING_CONFIG: z.string().default("./ring-config.json"),
  ADMIN_EMAILS: z.string().default(""),
  SEED_DEMO: booleanish.default(true),
  SMTP_URL: z.string().optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_SECURE: booleanish.optional(),
  MAIL_FROM: z.string().default("Ringlet <no-reply@localhost>"),
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Failed sign-ins allowed per account (the email tried) per 15 minutes, whatever address they come from. */
  RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  TRUST_PROXY: booleanish.default(false),
  /** How many proxies of ours stand in front (each appends to X-Forwarded-For); 0 = the socket is the client. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CRON_SECRET: z.string().min(16, "use at least 16 characters").optional(),
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  EMAIL_INBOUND_SECRET: z.string().min(16, "use at least 16 characters").optional(),
  EMAIL_INBOUND_CHANNEL: z.string().min(1).max(60).default("inbound"),
  EMAIL_INBOUND_FLOW: z.enum(["standard", "tasks_only", "ingest_only"]).default("standard"),
  /** An inbox the `email-processor` pipeline reads: imap:// (or imaps://) user:password@host:port. */
  EMAIL_IMAP_URL: z.string().refine((v) => /^imaps?:\/\/[^@]+@/.test(v) && URL.canParse(v), "imap://user:password@host:port or imaps://… (URL-encode special characters)").optional(),
  EMAIL_IMAP_MAILBOX: z.string().min(1).max(200).default("INBOX"),
  EMAIL_IMAP_CHANNEL: z.string().min(1).max(60).default("info"),
  EMAIL_IMAP_FLOW: z.enum(["standard", "tasks_only", "ingest_only"]).default("standard"),
  SCHEDULER: z.enum(["internal", "off"]).default("internal"),
  /** false: this instance only serves requests and the tunnel; other instances consume the outbox and send mail. */
  BACKGROUND_WORKERS: booleanish.default(true),
  INSTANCE_ID: z.string().max(100).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  /** LLM endpoints and model: defaults are the providers' public APIs; tests point them at local fakes. */
  OPENAI_BASE_URL: z.url().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  XAI_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** Generative media (images, video, article text): xAI's API base (also read as XAI_BASE_URL) and the models. */
  XAI_API_BASE_URL: z.url().optional(),
  XAI_IMAGE_MODEL: z.string().min(1).max(200).default("grok-imagine-image"),
  XAI_VIDEO_MODEL: z.string().min(1).max(200).default("grok-imagine-video"),
  XAI_TEXT_MODEL: z.string().min(1).max(200).default("grok-4"),
  OPENAI_IMAGE_MODEL: z.string().min(1).max(200).default("gpt-image-1"),
  OPENAI_TEXT_MODEL: z.string().min(1).max(200).default("gpt-4o-mini"),
  /** Lets outbound fetches of provider results reach loopback and private addresses: tests and local fakes only. */
  OUTBOUND_ALLOW_PRIVATE: booleanish.default(false),
  GENERATIVE_MAX_DOWNLOAD_BYTES: z.coerce.number().int().min(1024).default(200 * 1024 * 1024),
  GENERATIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** How often the worker looks at unfinished videos. */
  GENERATIVE_JOB_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  /** S3-compatible storage for uploads; unset: files under DATA_DIR/uploads. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: booleanish.default(false),
  S3_PREFIX: z.string().max(200).default("uploads/"),
  STRIPE_SECRET_KEY: z.string().min(8).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Another Stripe API origin (tests use a local fake): `http://127.0.0.1:12111`. */
  STRIPE_API_BASE: z.url().optional(),
  WAYFORPAY_MERCHANT_ACCOUNT: z.string().min(1).optional(),
  WAYFORPAY_SECRET_KEY: z.string().min(8).optional(),
  WAYFORPAY_DOMAIN: z.string().min(1).optional(),
  WAYFORPAY_API_URL: z.url().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  NATS_URL: z.string().regex(/^(nats|tls):\/\//, "must be a nats:// URL").optional(),
  TUNNEL_FANOUT: z.enum(["auto", "local", "postgres", "redis", "nats"]).default("auto"),
  TUNNEL_TOPIC: z.string().regex(/^[a-z0-9_]{1,60}$/, "lowercase letters, digits and _ only").default("ringlet_tunnel"),
  TUNNEL_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  TUNNEL_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(200),
  TUNNEL_SEND_BUFFER_BYTES: z.coerce.number().int().min(4_096).default(1_048_576),
  TUNNEL_HEARTBEAT_MS: z.coerce.number().int().min(100).default(25_000),
  TUNNEL_SWEEP_MS: z.coerce.number().int().min(100).default(5_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Reads and validates process.env; a bad value stops start-up with the variable's name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export function appUrl(e: Env = env()): string {
  return (e.APP_URL ?? e.BETTER_AUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

export function adminEmails(e: Env = env()): string[] {
  return e.ADMIN_EMAILS.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/**
 * A secret kept in the environment variable a stored record names (a mail channel's password or
 * SMTP URL), read when it is used, so setting the variable heals the next attempt.
 */
export function namedSecret(name: string): { value: string; problem?: undefined } | { value: null; problem: string } {
  const value = process.env[name];
  return value ? { value } : { value: null, problem: `${name} is not set in the environment` };
}
