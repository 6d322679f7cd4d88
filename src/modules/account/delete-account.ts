import { eq } from "drizzle-orm";
import type { z } from "zod";
import { auth } from "@/src/platform/auth/auth";
import { signOut } from "@/src/platform/auth/credentials";
import { requireUser } from "@/src/platform/auth/require-user";
import { user } from "@/src/platform/auth/schema";
import type { Ctx } from "@/src/platform/context";
import { notFound } from "@/src/platform/http/errors";
import { callAuth, sessionHeaders } from "./auth-calls";
import { eraseMember } from "./erase";
import { DeleteAccountInput } from "./inputs";

/**
 * The signed-in member deletes their own account, confirming with their password (wrong -> 400 on
 * `password`); the last admin is refused (409). Better Auth checks the password; the erasure is one
 * transaction (see `eraseMember`): Better Auth's own deleteUser would delete the row, and with it,
 * through the foreign keys, payments and orders other members' books depend on.
 * Returns the headers that clear this client's session cookie.
 */
export async function deleteMyAccount(ctx: Ctx, headers: Headers, raw: z.input<typeof DeleteAccountInput>): Promise<Headers> {
  const actor = requireUser(ctx.actor);
  const h = sessionHeaders(ctx, headers);
  const input = DeleteAccountInput.parse(raw);
  await callAuth(() => auth().api.verifyPassword({ body: { password: input.password }, headers: h }));
  await ctx.db.transaction(async (tx) => {
    const [member] = await tx.select().from(user).where(eq(user.id, actor.userId)).for("update");
    if (!member) throw notFound("Account");
    await eraseMember(tx, member, ctx.now());
  });
  return signOut(h);
}
