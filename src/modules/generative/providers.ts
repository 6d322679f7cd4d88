import { createOpenAI } from "@ai-sdk/openai";
import { createXai } from "@ai-sdk/xai";
import { generateImage, generateText, Output, type ImageModel, type LanguageModel } from "ai";
import type { z } from "zod";
import type { Env } from "@/src/platform/config/env";
import { DomainError } from "@/src/platform/http/errors";
import { fetchOutbound, OutboundRefused } from "@/src/platform/http/outbound";
import type { ResolvedSettings } from "@/src/platform/settings/resolve";
import { LLM_API_KEY_SETTING, type GenerativeProvider } from "@/src/platform/settings/definitions";

const XAI_DEFAULT_BASE = "https://api.x.ai/v1";
/** xAI reports costs in ticks of 1e-10 USD. */
const USD_PER_TICK = 1e-10;
/** USD per image, per video second and per million tokens, where the provider does not report a cost. */
const IMAGE_PRICE: Record<string, number> = { "gpt-image-1": 0.042, "grok-imagine-image": 0.07 };
const VIDEO_PRICE_PER_SECOND: Record<string, number> = { "grok-imagine-video": 0.05 };
const TEXT_PRICE: Record<string, [number, number]> = { "gpt-4o-mini": [0.15, 0.6], "grok-4": [3, 15] };
const OPENAI_SIZES: Record<string, `${number}x${number}`> = { "1:1": "1024x1024", "16:9": "1536x1024", "3:2": "1536x1024", "9:16": "1024x1536", "2:3": "1024x1536" };

export interface ProviderChoice {
  provider: GenerativeProvider;
  apiKey: string;
}

type OutputKind = "image" | "text" | "video";

function chosen(kind: OutputKind, settings: ResolvedSettings) {
  const provider: GenerativeProvider =
    kind === "video" ? "xai" : (settings[kind === "image" ? "GENERATIVE_IMAGE_PROVIDER" : "GENERATIVE_TEXT_PROVIDER"].value as GenerativeProvider);
  const keyName = LLM_API_KEY_SETTING[provider];
  return { provider, keyName, apiKey: settings[keyName]?.value as string | null };
}

/** Whether the provider chosen for a kind of output has its key: background work without one simply waits. */
export function hasProvider(kind: OutputKind, settings: ResolvedSettings): boolean {
  return Boolean(chosen(kind, settings).apiKey);
}

/** The configured provider for a kind of output, or a clear 503 naming the missing key. */
export function providerFor(kind: OutputKind, settings: ResolvedSettings): ProviderChoice {
  const { provider, keyName, apiKey } = chosen(kind, settings);
  if (!apiKey) throw new DomainError("not_configured", `Generating ${kind === "text" ? "text" : `${kind}s`} is not configured: set ${keyName} (the ${provider} provider) in Settings or the environment`);
  return { provider, apiKey };
}

export const xaiBaseUrl = (e: Env) => (e.XAI_API_BASE_URL ?? e.XAI_BASE_URL ?? XAI_DEFAULT_BASE).replace(/\/$/, "");

function imageModel({ provider, apiKey }: ProviderChoice, e: Env): { model: ImageModel; modelId: string } {
  if (provider === "xai") return { modelId: e.XAI_IMAGE_MODEL, model: createXai({ apiKey, baseURL: xaiBaseUrl(e) }).image(e.XAI_IMAGE_MODEL) };
  return { modelId: e.OPENAI_IMAGE_MODEL, model: createOpenAI({ apiKey, baseURL: e.OPENAI_BASE_URL }).image(e.OPENAI_IMAGE_MODEL) };
}

function textModel({ provider, apiKey }: ProviderChoice, e: Env): { model: LanguageModel; modelId: string } {
  if (provider === "xai") return { modelId: e.XAI_TEXT_MODEL, model: createXai({ apiKey, baseURL: xaiBaseUrl(e) })(e.XAI_TEXT_MODEL) };
  return { modelId: e.OPENAI_TEXT_MODEL, model: createOpenAI({ apiKey, baseURL: e.OPENAI_BASE_URL }).chat(e.OPENAI_TEXT_MODEL) };
}

export function modelIdFor(kind: OutputKind, choice: ProviderChoice, e: Env): string {
  if (kind === "video") return e.XAI_VIDEO_MODEL;
  if (kind === "image") return choice.provider === "xai" ? e.XAI_IMAGE_MODEL : e.OPENAI_IMAGE_MODEL;
  return choice.provider === "xai" ? e.XAI_TEXT_MODEL : e.OPENAI_TEXT_MODEL;
}

export interface ImageRequest {
  prompt: string;
  aspectRatio: string;
  n: number;
  referenceImages?: Uint8Array[];
}
export interface ImageAnswer {
  images: { bytes: Buffer; contentType: string; revisedPrompt: string | null }[];
  modelId: string;
  costUsd: number | null;
}

/** Images through the AI SDK (xAI `/images/generations` or `/images/edits` with references; OpenAI images). */
export async function requestImages(choice: ProviderChoice, req: ImageRequest, e: Env): Promise<ImageAnswer> {
  const { model, modelId } = imageModel(choice, e);
  const prompt = req.referenceImages?.length ? { text: req.prompt, images: req.referenceImages } : req.prompt;
  const sizing = choice.provider === "openai" ? { size: OPENAI_SIZES[req.aspectRatio] ?? "1024x1024" } : { aspectRatio: req.aspectRatio as `${number}:${number}` };
  const result = await generateImage({ model, prompt, n: req.n, ...sizing, maxRetries: 1, abortSignal: AbortSignal.timeout(e.GENERATIVE_TIMEOUT_MS) });
  const meta = result.providerMetadata?.xai as { costInUsdTicks?: number; images?: { revisedPrompt?: string }[] } | undefined;
  const costUsd = meta?.costInUsdTicks != null ? meta.costInUsdTicks * USD_PER_TICK : IMAGE_PRICE[modelId] != null ? IMAGE_PRICE[modelId] * result.images.length : null;
  return {
    modelId,
    costUsd,
    images: result.images.map((image, i) => ({ bytes: Buffer.from(image.uint8Array), contentType: image.mediaType, revisedPrompt: meta?.images?.[i]?.revisedPrompt ?? null })),
  };
}

export interface TextAnswer {
  text: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface TextRequest {
  instructions: string;
  input: string;
  maxTokens: number;
}

function textAnswer(modelId: string, text: string, usage: { inputTokens?: number; outputTokens?: number }): TextAnswer {
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  const price = TEXT_PRICE[modelId];
  return { text, modelId, inputTokens, outputTokens, costUsd: price ? (inputTokens * price[0] + outputTokens * price[1]) / 1_000_000 : null };
}

export async function requestText(choice: ProviderChoice, req: TextRequest, e: Env): Promise<TextAnswer> {
  const { model, modelId } = textModel(choice, e);
  const { text, usage } = await generateText({
    model,
    system: req.instructions,
    prompt: req.input,
    maxOutputTokens: req.maxTokens,
    maxRetries: 1,
    abortSignal: AbortSignal.timeout(e.GENERATIVE_TIMEOUT_MS),
  });
  return textAnswer(modelId, text, usage);
}

/** An answer shaped by a zod schema (the provider's structured output); a reply that does not fit throws. */
export async function requestObject<T>(choice: ProviderChoice, req: TextRequest, schema: z.ZodType<T>, e: Env): Promise<TextAnswer & { object: T }> {
  const { model, modelId } = textModel(choice, e);
  const { output, text, usage } = await generateText({
    model,
    system: req.instructions,
    prompt: req.input,
    output: Output.object({ schema }),
    temperature: 0,
    maxOutputTokens: req.maxTokens,
    maxRetries: 1,
    abortSignal: AbortSignal.timeout(e.GENERATIVE_TIMEOUT_MS),
  });
  return { ...textAnswer(modelId, text, usage), object: output };
}

export interface VideoStart {
  prompt: string;
  imageUrl?: string;
  duration: number;
  aspectRatio: string;
}
export type VideoPoll =
  | { status: "pending"; progress: number }
  | { status: "done"; url: string; moderated: boolean; costUsd: number | null }
  | { status: "failed" | "expired"; error: string };

async function xaiJson(e: Env, apiKey: string, pathname: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${xaiBaseUrl(e)}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      signal: AbortSignal.timeout(e.GENERATIVE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DomainError("provider_error", `xAI did not answer: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message = (body.error as { message?: string } | string | undefined) ?? res.statusText;
    throw new DomainError("provider_error", `xAI answered ${res.status}: ${typeof message === "string" ? message : (message.message ?? res.statusText)}`);
  }
  return body;
}

/** Starts an xAI video (`POST /videos/generations`); answers the provider's request id. */
export async function startVideo(choice: ProviderChoice, req: VideoStart, e: Env): Promise<string> {
  const body = await xaiJson(e, choice.apiKey, "/videos/generations", {
    method: "POST",
    body: JSON.stringify({ model: e.XAI_VIDEO_MODEL, prompt: req.prompt, duration: req.duration, aspect_ratio: req.aspectRatio, ...(req.imageUrl ? { image: { url: req.imageUrl } } : {}) }),
  });
  if (typeof body.request_id !== "string" || !body.request_id) throw new DomainError("provider_error", "xAI returned no request_id");
  return body.request_id;
}

/** One look at an xAI video (`GET /videos/:id`). */
export async function pollVideo(choice: ProviderChoice, requestId: string, durationSeconds: number, e: Env): Promise<VideoPoll> {
  const body = (await xaiJson(e, choice.apiKey, `/videos/${encodeURIComponent(requestId)}`)) as {
    status?: string;
    progress?: number;
    video?: { url?: string; respect_moderation?: boolean };
    usage?: { cost_in_usd_ticks?: number };
    error?: { message?: string };
  };
  if (body.status === "failed" || body.status === "expired") return { status: body.status, error: body.error?.message ?? `the provider reports ${body.status}` };
  if (body.status === "done" || (!body.status && body.video?.url)) {
    if (!body.video?.url) return { status: "failed", error: "the provider finished without a video URL" };
    const ticks = body.usage?.cost_in_usd_ticks;
    const perSecond = VIDEO_PRICE_PER_SECOND[e.XAI_VIDEO_MODEL];
    return { status: "done", url: body.video.url, moderated: body.video.respect_moderation === false, costUsd: ticks != null ? ticks * USD_PER_TICK : perSecond != null ? perSecond * durationSeconds : null };
  }
  return { status: "pending", progress: Math.max(0, Math.min(99, Math.round(body.progress ?? 0))) };
}

/** What a provider's result link may serve; the bytes are sniffed again before they are stored. */
const RESULT_TYPES = ["video/mp4", "application/octet-stream", "binary/octet-stream"] as const;

/**
 * Fetches a finished output from the provider's temporary URL: public addresses only (every hop),
 * a video or binary content type, at most GENERATIVE_MAX_DOWNLOAD_BYTES.
 */
export async function download(url: string, e: Env): Promise<Buffer> {
  try {
    const { bytes } = await fetchOutbound(url, { maxBytes: e.GENERATIVE_MAX_DOWNLOAD_BYTES, contentTypes: RESULT_TYPES, timeoutMs: e.GENERATIVE_TIMEOUT_MS, allowPrivate: e.OUTBOUND_ALLOW_PRIVATE });
    return bytes;
  } catch (error) {
    const reason = error instanceof OutboundRefused ? error.message : "the provider's file could not be fetched";
    throw new DomainError("provider_error", `Downloading the result failed: ${reason}`);
  }
}
