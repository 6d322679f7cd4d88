import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createXai } from "@ai-sdk/xai";
import type { LanguageModel } from "ai";
import type { Env } from "@/src/platform/config/env";
import type { RemoteLlmProvider } from "@/src/platform/settings/definitions";

export type LlmProvider = RemoteLlmProvider;

/** A small, cheap model per provider; `LLM_MODEL` overrides. */
export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-haiku-4-5",
  xai: "grok-3-mini",
};

/** USD per million input / output tokens, for the cost recorded on each run (unknown models: no cost). */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "claude-haiku-4-5": [1, 5],
  "grok-3-mini": [0.3, 0.5],
};

export function costUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const price = PRICES[model];
  return price ? (inputTokens * price[0] + outputTokens * price[1]) / 1_000_000 : null;
}

export interface LlmChoice {
  provider: LlmProvider;
  modelId: string;
  model: LanguageModel;
}

/** The configured provider's chat model, through the Vercel AI SDK. */
export function llmModel(provider: LlmProvider, apiKey: string, e: Env): LlmChoice {
  const modelId = e.LLM_MODEL ?? DEFAULT_MODELS[provider];
  switch (provider) {
    case "openai":
      return { provider, modelId, model: createOpenAI({ apiKey, baseURL: e.OPENAI_BASE_URL }).chat(modelId) };
    case "anthropic":
      return { provider, modelId, model: createAnthropic({ apiKey, baseURL: e.ANTHROPIC_BASE_URL })(modelId) };
    case "xai":
      return { provider, modelId, model: createXai({ apiKey, baseURL: e.XAI_BASE_URL })(modelId) };
  }
}
