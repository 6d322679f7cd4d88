import type { z } from "zod";
import { auth } from "@/src/platform/auth/auth";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { publish } from "@/src/platform/events/publish";
import { callAuth, sessionHeaders } from "./auth-calls";
import { ChangePasswordInput } from "./inputs";

/**
 * Changes the caller's password after checking the current one (wrong -> 400 on `currentPassword`).
 * With `revokeOtherSessions` every other sign-in ends and this client gets a new session: its cookie
 * in the returned headers and its token in the answer. Emits `member.password_changed`.
 */
export async function changeMyPassword(ctx: Ctx, headers: Headers, raw: z.input<typeof ChangePasswordInput>) {
  const h = sessionHeaders(ctx, headers);
  const input = ChangePasswordInput.parse(raw);
  const revokeOtherSessions = input.revokeOtherSessions ?? false;
  const result = await callAuth(
    () => auth().api.changePassword({ body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions }, headers: h, returnHeaders: true }),
    "currentPassword",
  );
  const { userId } = requireUser(ctx.actor);
  await ctx.db.transaction((tx) => publish(tx, { type: "member.password_changed", aggregateType: "user", aggregateId: userId, actorId: userId, payload: { revokeOtherSessions } }));
  return { body: { revokedOtherSessions: revokeOtherSessions, token: result.response.token }, headers: result.headers };
}
