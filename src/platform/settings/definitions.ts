import { z } from "zod";

export interface SettingDefinition<T = unknown> {
  name: string;
  group: "matcher" | "llm" | "general";
  schema: z.ZodType<T>;
  /** Parses the string form an environment variable carries. */
  fromString: (raw: string) => unknown;
  default: T;
  secret?: boolean;
}

const asBoolean = (raw: string) => ["true", "1", "yes", "on"].includes(raw.trim().toLowerCase());
const asNumber = (raw: string) => (raw.trim() === "" ? Number.NaN : Number(raw));
const asString = (raw: string) => raw;

function booleanSetting(name: string, group: SettingDefinition["group"], def: boolean): SettingDefinition<boolean> {
  return { name, group, schema: z.boolean(), fromString: asBoolean, default: def };
}
function numberSetting(
  name: string,
  group: SettingDefinition["group"],
  schema: z.ZodNumber,
  def: number,
): SettingDefinition<number> {
  return { name, group, schema, fromString: asNumber, default: def };
}
function secretSetting(name: string): SettingDefinition<string | null> {
  return { name, group: "llm", schema: z.string().min(1).max(500).nullable(), fromString: asString, default: null, secret: true };
}

const MONEY_CURRENCIES = ["USD", "EUR", "UAH", "GBP"] as const;
type MoneyCurrency = (typeof MONEY_CURRENCIES)[number];

/** `{"UAH": 0.024}`: credits per major unit of each other currency; empty for none. */
function isRatesJson(raw: string): boolean {
  if (raw.trim() === "") return true;
  try {
    return z.partialRecord(z.enum(MONEY_CURRENCIES), z.number().positive().max(1_000_000)).safeParse(JSON.parse(raw)).success;
  } catch {
    return false;
  }
}

export const LLM_PROVIDERS = ["local", "openai", "anthropic", "xai"] as const;

/** The setting (and environment variable) holding each remote provider's API key. */
export const LLM_API_KEY_SETTING = { openai: "OPENAI_API_KEY", anthropic: "ANTHROPIC_API_KEY", xai: "XAI_API_KEY" } as const;
export type RemoteLlmProvider = keyof typeof LLM_API_KEY_SETTING;

/** Who makes images and article text (video is xAI only). */
export const GENERATIVE_PROVIDERS = ["xai", "openai"] as const;
export type GenerativeProvider = (typeof GENERATIVE_PROVIDERS)[number];

/** Every setting an admin may see; names are the environment variable names (env wins). */
export const SETTINGS = [
  booleanSetting("MATCHER_AUTO_APPROVE", "matcher", false),
  numberSetting("MATCHER_AUTO_APPROVE_MIN_SCORE", "matcher", z.number().min(0).max(1), 0.8),
  booleanSetting("MATCHER_AUTO_APPROVE_LOCAL_ONLY", "matcher", false),
  numberSetting("MATCHER_LLM_CONFIDENCE_GATE", "matcher", z.number().min(0).max(1), 0.7),
  numberSetting("MATCHER_SCORE_THRESHOLD", "matcher", z.number().int().min(0).max(100), 60),
  numberSetting("MATCHER_MAX_NOTIFICATIONS_PER_LISTING", "matcher", z.number().int().min(0).max(10_000), 50),
  numberSetting("MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", "matcher", z.number().int().min(0).max(1_000), 5),
  numberSetting("MATCHER_RERANK_TOP_K", "matcher", z.number().int().min(0).max(200), 20),
  numberSetting("MATCHER_MIN_ACCOUNT_AGE_HOURS", "matcher", z.number().int().min(0).max(24 * 365), 24),
  {
    name: "LLM_PROVIDER",
    group: "llm",
    schema: z.enum(LLM_PROVIDERS),
    fromString: asString,
    default: "local",
  } satisfies SettingDefinition<(typeof LLM_PROVIDERS)[number]>,
  numberSetting("PAYMENTS_MEMBERSHIP_PRICE_MINOR", "general", z.number().int().min(1).max(100_000_00), 1000),
  {
    name: "PAYMENTS_MEMBERSHIP_CURRENCY",
    group: "general",
    schema: z.enum(MONEY_CURRENCIES),
    fromString: asString,
    default: "USD",
  } satisfies SettingDefinition<MoneyCurrency>,
  numberSetting("PAYMENTS_MEMBERSHIP_DAYS", "general", z.number().int().min(1).max(3660), 30),
  {
    name: "PAYMENTS_CREDIT_PACKS",
    group: "general",
    schema: z.string().regex(/^(\d{1,6}(,\d{1,6})*)?$/, "Whole numbers of credits separated by commas, or empty for any amount"),
    fromString: asString,
    default: "10,25,50,100",
  } satisfies SettingDefinition<string>,
  {
    name: "PAYMENTS_CREDITS_CURRENCY",
    group: "general",
    schema: z.enum(MONEY_CURRENCIES),
    fromString: asString,
    default: "USD",
  } satisfies SettingDefinition<MoneyCurrency>,
  {
    name: "PAYMENTS_CREDITS_RATES",
    group: "general",
    schema: z.string().max(500).refine(isRatesJson, 'A JSON object of credits per unit of another currency, e.g. {"UAH": 0.024}, or empty for none'),
    fromString: asString,
    default: "",
  } satisfies SettingDefinition<string>,
  numberSetting("PAYMENTS_RECONCILE_AFTER_MINUTES", "general", z.number().int().min(5).max(24 * 60), 30),
  numberSetting("PAYMENTS_PENDING_EXPIRY_HOURS", "general", z.number().int().min(1).max(24 * 30), 24),
  numberSetting("STORE_RESERVATION_MINUTES", "general", z.number().int().min(5).max(24 * 60), 30),
  numberSetting("STORE_SETTLEMENT_HOLD_DAYS", "general", z.number().int().min(0).max(90), 7),
  numberSetting("STORE_PAYOUT_PERIOD_DAYS", "general", z.number().int().min(1).max(90), 7),
  {
    name: "GENERATIVE_IMAGE_PROVIDER",
    group: "llm",
    schema: z.enum(GENERATIVE_PROVIDERS),
    fromString: asString,
    default: "xai",
  } satisfies SettingDefinition<(typeof GENERATIVE_PROVIDERS)[number]>,
  {
    name: "GENERATIVE_TEXT_PROVIDER",
    group: "llm",
    schema: z.enum(GENERATIVE_PROVIDERS),
    fromString: asString,
    default: "xai",
  } satisfies SettingDefinition<(typeof GENERATIVE_PROVIDERS)[number]>,
  numberSetting("GENERATIVE_IMAGES_PER_USER_PER_DAY", "llm", z.number().int().min(0).max(10_000), 20),
  numberSetting("GENERATIVE_VIDEOS_PER_USER_PER_DAY", "llm", z.number().int().min(0).max(1_000), 3),
  numberSetting("GENERATIVE_TEXTS_PER_USER_PER_DAY", "llm", z.number().int().min(0).max(10_000), 50),
  numberSetting("GENERATIVE_RING_USD_PER_DAY", "llm", z.number().min(0).max(100_000), 0),
  booleanSetting("NEWSROOM_DIGEST", "general", false),
  {
    name: "EMAIL_AUTO_SEND_INTENTS",
    group: "llm",
    schema: z.string().regex(/^([a-z_]+(,[a-z_]+)*)?$/, "Intents separated by commas (e.g. pricing_inquiry,feedback), or empty for never"),
    fromString: asString,
    default: "",
  } satisfies SettingDefinition<string>,
  numberSetting("EMAIL_AUTO_SEND_MIN_CONFIDENCE", "llm", z.number().min(0.5).max(1), 0.9),
  {
    name: "EMAIL_AUTHSERV_ID",
    group: "llm",
    schema: z.string().regex(/^[^\s;()"]{0,253}$/, "The name your receiving mail server writes first in Authentication-Results (e.g. mx.google.com), or empty for the top-most header"),
    fromString: asString,
    default: "",
  } satisfies SettingDefinition<string>,
  numberSetting("EMAIL_MAX_MESSAGE_BYTES", "general", z.number().int().min(1024).max(100 * 1024 * 1024), 10 * 1024 * 1024),
  numberSetting("MODERATION_AUTO_HIDE_REPORTERS", "general", z.number().int().min(0).max(1_000), 0),
  numberSetting("MODERATION_REPORTER_MIN_AGE_DAYS", "general", z.number().int().min(0).max(365), 7),
  {
    name: "ALLOWED_ORIGINS",
    group: "general",
    schema: z.string().max(2_000).regex(/^(https?:\/\/[^\s,/]+(\/)?([\s,]+https?:\/\/[^\s,/]+(\/)?)*)?$/, "Origins such as https://shop.example.org, separated by commas, or empty"),
    fromString: asString,
    default: "",
  } satisfies SettingDefinition<string>,
  numberSetting("TUNNEL_RETENTION_HOURS", "general", z.number().int().min(1).max(24 * 30), 24),
  booleanSetting("AUTH_REQUIRE_EMAIL_VERIFICATION", "general", true),
  numberSetting("AUTH_MAIL_RETENTION_HOURS", "general", z.number().int().min(1).max(24 * 30), 24),
  secretSetting("OPENAI_API_KEY"),
  secretSetting("ANTHROPIC_API_KEY"),
  secretSetting("XAI_API_KEY"),
] as const satisfies readonly SettingDefinition<never>[] | readonly SettingDefinition<unknown>[];

export type SettingName = (typeof SETTINGS)[number]["name"];

export function findSetting(name: string): SettingDefinition | undefined {
  return (SETTINGS as readonly SettingDefinition[]).find((s) => s.name === name);
}
