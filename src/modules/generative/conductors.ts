import { z } from "zod";
import { requireUser } from "@/src/platform/auth/require-user";
import { hasRole } from "@/src/platform/auth/roles";
import { env, type Env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { DomainError, forbidden } from "@/src/platform/http/errors";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { sniffContentType } from "@/src/platform/storage/sniff";
import { fileUrl, readUpload, saveFile } from "@/src/platform/storage/service";
import { modelIdFor, providerFor, requestImages, requestObject, requestText, type ProviderChoice, type TextAnswer } from "./providers";
import { generatedMedia } from "./schema";
import { releaseUsage, reserve, settleUsage } from "./usage";

export const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"] as const;
const Purpose = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "lowercase letters, digits and dashes").default("member");
const OWN_FILE_URL = /^\/api\/v1\/files\/([0-9a-f-]{36})$/;

/** Who asks: a member (quota counted), an admin (quota-exempt) or a ring pipeline (no user). */
export interface Caller {
  db: Db;
  userId: string | null;
  exempt: boolean;
  now: Date;
  env: Env;
}

/** Generating costs money: members and above only, each within their daily quota. */
export function callerOf(ctx: Ctx, e: Env = env()): Caller {
  const actor = requireUser(ctx.actor);
  if (!hasRole(actor.role, "member")) throw forbidden("Generating media needs the member role");
  return { db: ctx.db, userId: actor.userId, exempt: actor.role === "admin", now: ctx.now(), env: e };
}

/** The provider's error, once, in our terms: a 502 with what it said, never a stack trace. */
export function providerFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DomainError("provider_error", `The generation provider failed: ${message.slice(0, 300)}`);
}

/** Reads our own stored images (by their `/api/v1/files/:id` URL) that the caller may read. */
export async function ownImageBytes(ctx: Ctx, urls: string[], field: string): Promise<Buffer[]> {
  return Promise.all(
    urls.map(async (url, i) => {
      const id = OWN_FILE_URL.exec(url)?.[1];
      if (!id) throw new DomainError("validation_failed", "Use an image stored here (its /api/v1/files/… URL)", { [`${field}.${i}`]: "Not a stored image" });
      const file = await readUpload(ctx, id).catch(() => {
        throw new DomainError("validation_failed", "That image does not exist or is not yours", { [`${field}.${i}`]: "Unknown image" });
      });
      if (!file.contentType.startsWith("image/")) throw new DomainError("validation_failed", "Only images can be references", { [`${field}.${i}`]: "Not an image" });
      return file.bytes;
    }),
  );
}

export const ImageInput = z.object({
  prompt: z.string().trim().min(3).max(2000),
  aspectRatio: z.enum(ASPECT_RATIOS).default("1:1"),
  n: z.number().int().min(1).max(4).default(1),
  referenceImages: z.array(z.string()).max(3).default([]),
  purpose: Purpose,
});

export interface GeneratedItem {
  id: string;
  fileId: string;
  url: string;
  contentType: string;
}

/** ImageConductor: asks the configured provider, stores each image, records its row and the cost. */
export async function generateImagesFor(caller: Caller, input: z.output<typeof ImageInput>, references: Buffer[] = []) {
  if (!caller.userId) throw new Error("images are stored under a member's account");
  const ownerId = caller.userId;
  const e = caller.env;
  const settings = await resolveSettings(caller.db);
  const choice = providerFor("image", settings);
  const usageId = await reserve(caller.db, { userId: ownerId, kind: "image", units: input.n, purpose: input.purpose, provider: choice.provider, model: modelIdFor("image", choice, e), exempt: caller.exempt }, settings, caller.now);
  let answer;
  try {
    answer = await requestImages(choice, { prompt: input.prompt, aspectRatio: input.aspectRatio, n: input.n, referenceImages: references }, e);
    if (answer.images.length === 0) throw new DomainError("provider_error", "The provider returned no image");
  } catch (error) {
    const failure = providerFailure(error);
    await releaseUsage(caller.db, usageId, failure.message, caller.now);
    throw failure;
  }
  const items: GeneratedItem[] = [];
  await caller.db.transaction(async (tx) => {
    for (const image of answer.images) {
      const contentType = sniffContentType(image.bytes);
      if (!contentType?.startsWith("image/")) continue;
      const file = await saveFile(tx, ownerId, "generated", image.bytes, contentType, `${input.purpose}.${contentType.split("/")[1]}`);
      const [media] = await tx
        .insert(generatedMedia)
        .values({
          usageId,
          userId: ownerId,
          kind: "image",
          fileId: file.id,
          prompt: input.prompt,
          revisedPrompt: image.revisedPrompt,
          provider: choice.provider,
          model: answer.modelId,
          costUsd: answer.costUsd === null ? null : answer.costUsd / answer.images.length,
          size: image.bytes.length,
          contentType,
        })
        .returning({ id: generatedMedia.id });
      items.push({ id: media.id, fileId: file.id, url: fileUrl(file.id), contentType });
    }
    if (items.length === 0) throw new DomainError("provider_error", "The provider's answer held no readable image");
    await settleUsage(tx, usageId, { units: items.length, model: answer.modelId, costUsd: answer.costUsd }, caller.now);
  });
  return { items, provider: choice.provider, model: answer.modelId, costUsd: answer.costUsd };
}

export async function generateImages(ctx: Ctx, raw: z.input<typeof ImageInput>, e: Env = env()) {
  const caller = callerOf(ctx, e);
  const input = ImageInput.parse(raw);
  const references = await ownImageBytes(ctx, input.referenceImages, "referenceImages");
  return generateImagesFor(caller, input, references);
}

export const TextInput = z.object({
  instructions: z.string().trim().min(1).max(8000),
  input: z.string().trim().min(1).max(60_000),
  maxTokens: z.number().int().min(64).max(16_000).default(2000),
  purpose: Purpose,
});

type Ask<A extends TextAnswer> = (choice: ProviderChoice) => Promise<A>;

/** Reserves the call in the ledger, asks, and settles its tokens and cost (or releases it on failure). */
async function ledgered<A extends TextAnswer>(caller: Caller, purpose: string, ask: Ask<A>) {
  const settings = await resolveSettings(caller.db);
  const choice = providerFor("text", settings);
  const usageId = await reserve(caller.db, { userId: caller.userId, kind: "text", units: 1, purpose, provider: choice.provider, model: modelIdFor("text", choice, caller.env), exempt: caller.exempt }, settings, caller.now);
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const answer = await ask(choice);
    await settleUsage(caller.db, usageId, { model: answer.modelId, costUsd: answer.costUsd, inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, latencyMs: latency() }, caller.now);
    return { answer, provider: choice.provider, usageId };
  } catch (error) {
    const failure = providerFailure(error);
    await releaseUsage(caller.db, usageId, failure.message, caller.now, latency());
    throw failure;
  }
}

/** TextConductor: one answer from the configured text provider, its tokens and cost in the ledger. */
export async function generateTextFor(caller: Caller, input: z.output<typeof TextInput>) {
  const { answer, provider, usageId } = await ledgered(caller, input.purpose, async (choice) => {
    const reply = await requestText(choice, input, caller.env);
    if (!reply.text.trim()) throw new DomainError("provider_error", "The provider returned no text");
    return reply;
  });
  return { text: answer.text.trim(), provider, model: answer.modelId, costUsd: answer.costUsd, usageId };
}

/** TextConductor with a schema: the answer is an object of that shape (a reply that does not fit is a provider error). */
export async function generateObjectFor<T>(caller: Caller, input: z.output<typeof TextInput>, schema: z.ZodType<T>) {
  const { answer, provider, usageId } = await ledgered(caller, input.purpose, (choice) => requestObject(choice, input, schema, caller.env));
  return { object: answer.object, provider, model: answer.modelId, costUsd: answer.costUsd, usageId };
}

export async function generateText(ctx: Ctx, raw: z.input<typeof TextInput>, e: Env = env()) {
  return generateTextFor(callerOf(ctx, e), TextInput.parse(raw));
}
