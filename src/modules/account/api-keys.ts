import { invalidateActors } from "@/src/platform/auth/actor-cache";
import { auth } from "@/src/platform/auth/auth";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { publish } from "@/src/platform/events/publish";
import { notFound } from "@/src/platform/http/errors";
import type { z } from "zod";
import { ApiKeyInput } from "@/src/modules/members/inputs";
import { callAuth, sessionHeaders } from "./auth-calls";
import { isUuid } from "./inputs";

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** The caller's API keys, newest first: name and first characters only, never the key or its hash. */
export async function listMyApiKeys(ctx: Ctx, headers: Headers) {
  const h = sessionHeaders(ctx, headers);
  const { apiKeys } = await callAuth(() => auth().api.listApiKeys({ headers: h, query: { sortBy: "createdAt", sortDirection: "desc" } }));
  return {
    items: apiKeys.map((k) => ({
      id: k.id,
      name: k.name,
      start: k.start,
      prefix: k.prefix,
      enabled: k.enabled,
      createdAt: iso(k.createdAt)!,
      lastUsedAt: iso(k.lastRequest),
      expiresAt: iso(k.expiresAt),
    })),
  };
}

/**
 * Creates an API key for the caller; the key itself is returned once and stored hashed. Needs a
 * sign-in: a key cannot mint keys, or a leaked one would outlive its revocation.
 */
export async function createMyApiKey(ctx: Ctx, headers: Headers, raw: z.input<typeof ApiKeyInput>) {
  sessionHeaders(ctx, headers);
  const input = ApiKeyInput.parse(raw);
  const created = await auth().api.createApiKey({ body: { name: input.name, userId: requireUser(ctx.actor).userId } });
  return { id: created.id, key: created.key, name: created.name, start: created.start, createdAt: new Date(created.createdAt).toISOString() };
}

/** Revokes one of the caller's keys at once; another member's key (or none) is 404. */
export async function revokeMyApiKey(ctx: Ctx, headers: Headers, id: string): Promise<void> {
  const h = sessionHeaders(ctx, headers);
  if (!isUuid(id)) throw notFound("API key");
  await callAuth(() => auth().api.deleteApiKey({ body: { keyId: id }, headers: h }));
  const userId = requireUser(ctx.actor).userId;
  invalidateActors([userId]);
  await ctx.db.transaction((tx) => publish(tx, { type: "member.api_key_revoked", aggregateType: "user", aggregateId: userId, actorId: userId, payload: { keyId: id } }));
}
