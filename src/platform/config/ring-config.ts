import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "./env";

export const MODULES = [
  "entities",
  "opportunities",
  "matcher",
  "verification",
  "moderation",
  "notifications",
  "tunnel",
  "processes",
  "payments",
  "store",
  "email-crm",
  "newsroom",
  "generative",
] as const;
export type ModuleName = (typeof MODULES)[number];

export const LOCALES = ["en", "uk"] as const;
export type Locale = (typeof LOCALES)[number];

const Localized = z.union([z.string().min(1), z.object({ en: z.string().min(1), uk: z.string().min(1) })]);

export const RingConfigSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().min(1).max(80),
  tagline: Localized.optional(),
  logo: z.string().regex(/^\/[\w./-]+$/, "must be a path under public/, e.g. /logo.svg").optional(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #4f46e5").default("#4f46e5"),
  defaultLocale: z.enum(LOCALES).default("en"),
  locales: z.array(z.enum(LOCALES)).min(1).default([...LOCALES]),
  modules: z.partialRecord(z.enum(MODULES), z.boolean()).default({}),
  extraCategories: z
    .array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_]*$/), label: z.object({ en: z.string(), uk: z.string() }) }))
    .default([]),
  /** Documents an organisation must provide to be verified, per entity type (or `default`). */
  verificationRequirements: z
    .record(z.string(), z.array(z.enum(["registration_certificate", "proof_of_address", "representative_id", "tax_certificate", "licence", "other"])).min(1))
    .default({}),
});

export type RingConfig = z.infer<typeof RingConfigSchema>;

/** Parses a ring config; the error names every bad field and the file it came from. */
export function parseRingConfig(raw: unknown, source = "ring-config.json"): RingConfig {
  const parsed = RingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid ${source}:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function loadRingConfig(file = env().RING_CONFIG): RingConfig {
  const full = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch {
    throw new Error(`Cannot read ring config at ${full}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Invalid ${full}: not JSON (${(e as Error).message})`);
  }
  return parseRingConfig(json, full);
}

const KEY = Symbol.for("ringlet.ringConfig");
type Holder = { [KEY]?: RingConfig };

export function ringConfig(): RingConfig {
  const g = globalThis as Holder;
  g[KEY] ??= loadRingConfig();
  return g[KEY];
}

export function isModuleEnabled(name: ModuleName, config: RingConfig = ringConfig()): boolean {
  return config.modules[name] ?? true;
}

export function enabledModules(config: RingConfig = ringConfig()): Record<ModuleName, boolean> {
  return Object.fromEntries(MODULES.map((m) => [m, isModuleEnabled(m, config)])) as Record<ModuleName, boolean>;
}

export function localized(value: RingConfig["tagline"], locale: Locale): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value[locale];
}
