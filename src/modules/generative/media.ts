import { desc, eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { fileUrl } from "@/src/platform/storage/service";
import { generatedMedia } from "./schema";
import { quotaOf, usageSummary } from "./usage";

/** A member's generated images and videos, newest first, with what is left of today's quota. */
export async function listMyMedia(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const rows = await ctx.db.select().from(generatedMedia).where(eq(generatedMedia.userId, actor.userId)).orderBy(desc(generatedMedia.createdAt)).limit(60);
  return {
    items: rows.map((m) => ({ id: m.id, kind: m.kind, url: fileUrl(m.fileId), prompt: m.prompt, provider: m.provider, model: m.model, contentType: m.contentType, size: m.size, createdAt: m.createdAt })),
    quota: await quotaOf(ctx.db, actor.userId, await resolveSettings(ctx.db), ctx.now()),
  };
}

/** Admins only: generation counts and cost per day and kind. */
export async function generativeUsage(ctx: Ctx, days = 30) {
  requireAdmin(ctx.actor);
  return usageSummary(ctx.db, ctx.now(), days);
}
