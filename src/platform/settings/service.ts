import { z } from "zod";
import { audit } from "@/src/modules/audit/service";
import { requireAdmin } from "../auth/require-user";
import type { Ctx } from "../context";
import { findSetting } from "./definitions";
import { redactSettings, resolveSettings, validateSettingsPatch, writeSettings } from "./resolve";

const Patch = z.record(z.string(), z.unknown());

/** Admin view: every setting with its source; secrets redacted to set/not set. */
export async function getAdminSettings(ctx: Ctx) {
  requireAdmin(ctx.actor);
  return { settings: redactSettings(await resolveSettings(ctx.db)) };
}

/** Admin edit: the whole patch is validated first; each change is audited (secret values never). */
export async function patchAdminSettings(ctx: Ctx, raw: unknown) {
  requireAdmin(ctx.actor);
  const patch = Patch.parse(raw);
  const changes = validateSettingsPatch(patch);
  await ctx.db.transaction(async (tx) => {
    await writeSettings(tx, changes, ctx.actor.userId);
    for (const change of changes) {
      const secret = findSetting(change.name)?.secret;
      await audit(tx, {
        actorId: ctx.actor.userId,
        action: "setting.changed",
        targetType: "setting",
        targetId: change.name,
        data: secret ? { set: change.value !== null } : { value: change.value },
      });
    }
  });
  return getAdminSettings(ctx);
}
