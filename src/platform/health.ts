import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "./config/env";
import { enabledModules } from "./config/ring-config";
import { database } from "./db/client";
import { smtpConfigured } from "./mail/transport";
import { resolveSettings } from "./settings/resolve";
import { enabledProviders } from "@/src/modules/payments/service";

const version = (() => {
  try {
    return (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

/** Which LLM the matcher would use: the configured provider only when its key is present. */
export function llmProvider(settings: Record<string, { value: unknown }>): "openai" | "anthropic" | "xai" | "local" {
  const provider = settings.LLM_PROVIDER?.value as string;
  const keyName = { openai: "OPENAI_API_KEY", anthropic: "ANTHROPIC_API_KEY", xai: "XAI_API_KEY" }[provider];
  return keyName && settings[keyName]?.value ? (provider as "openai" | "anthropic" | "xai") : "local";
}

export async function healthReport() {
  const { db, kind } = database();
  await db.execute(sql`select 1`);
  const settings = await resolveSettings(db);
  return {
    status: "ok" as const,
    db: kind,
    version,
    modules: enabledModules(),
    providers: {
      llm: llmProvider(settings),
      mail: smtpConfigured(env()) ? "smtp" : "outbox",
      payments: enabledProviders(),
    },
  };
}
