import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "./config/env";
import { enabledModules } from "./config/ring-config";
import { database } from "./db/client";
import { smtpConfigured } from "./mail/transport";
import { LLM_API_KEY_SETTING, type RemoteLlmProvider } from "./settings/definitions";
import { resolveSettings } from "./settings/resolve";
import { enabledProviders } from "@/src/modules/payments/providers";

const version = (() => {
  try {
    return (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

/** Which LLM the matcher would use: the configured provider only when its key is present. */
export function llmProvider(settings: Record<string, { value: unknown }>): RemoteLlmProvider | "local" {
  const provider = settings.LLM_PROVIDER?.value as string;
  const keyName = provider in LLM_API_KEY_SETTING ? LLM_API_KEY_SETTING[provider as RemoteLlmProvider] : null;
  return keyName && settings[keyName]?.value ? (provider as RemoteLlmProvider) : "local";
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
