import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { DomainError } from "../http/errors";
import { assertUnderLimit, clearFailures, countFailure } from "../http/rate-limit";
import { auth } from "./auth";
import type { Role } from "./roles";
import { user } from "./schema";

export const SignUpInput = z.object({
  email: z.email().max(320).transform((v) => v.toLowerCase()),
  password: z.string().min(8, "At least 8 characters").max(128),
  name: z.string().trim().min(1, "Required").max(100),
});
export const SignInInput = z.object({
  email: z.email().max(320).transform((v) => v.toLowerCase()),
  password: z.string().min(1, "Required").max(128),
});
export const EmailInput = z.object({ email: z.email().max(320).transform((v) => v.toLowerCase()) });

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AuthResult {
  user: PublicUser;
  token: string;
  /** Set-Cookie headers so a browser is signed in too. */
  headers: Headers;
}

interface BetterAuthError {
  statusCode: number;
  message: string;
  body?: { code?: string };
}

/** Better Auth's APIError, recognised by shape: the bundler may load its class twice, so instanceof fails. */
export function isApiError(e: unknown): e is BetterAuthError {
  return typeof e === "object" && e !== null && (e as Error).name === "APIError" && typeof (e as BetterAuthError).statusCode === "number";
}

const badCredentials = () => new DomainError("unauthenticated", "Invalid email or password");

async function publicUser(db: Db, id: string): Promise<PublicUser> {
  const [row] = await db.select().from(user).where(eq(user.id, id));
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role };
}

/** Creates a subscriber (or an admin for ADMIN_EMAILS) and signs them in. Taken email -> 409. */
export async function signUp(db: Db, input: z.infer<typeof SignUpInput>, headers: Headers): Promise<AuthResult> {
  try {
    const result = await auth().api.signUpEmail({ body: input, headers, returnHeaders: true });
    const token = result.response.token;
    if (!token) throw new Error("sign-up returned no session");
    return { user: await publicUser(db, result.response.user.id), token, headers: result.headers };
  } catch (e) {
    if (isApiError(e) && (e.body?.code ?? "").startsWith("USER_ALREADY_EXISTS"))
      throw new DomainError("conflict", "An account with this email already exists", { email: "Already registered" });
    throw translate(e);
  }
}

/**
 * Same 401 for an unknown email and a wrong password, so accounts cannot be enumerated. Failures are
 * counted per email tried as well as per address (the route's limit): guessing one account's password
 * from many addresses meets 429 after RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT tries in 15 minutes.
 */
export async function signIn(db: Db, input: z.infer<typeof SignInInput>, headers: Headers): Promise<AuthResult> {
  const account = `account:${input.email}`;
  await assertUnderLimit("signInFailures", account);
  try {
    const result = await auth().api.signInEmail({ body: input, headers, returnHeaders: true });
    await clearFailures("signInFailures", account);
    return { user: await publicUser(db, result.response.user.id), token: result.response.token, headers: result.headers };
  } catch (e) {
    if (isApiError(e) && e.statusCode === 401) {
      await countFailure("signInFailures", account);
      throw badCredentials();
    }
    throw translate(e);
  }
}

export async function signOut(headers: Headers): Promise<Headers> {
  const result = await auth().api.signOut({ headers, returnHeaders: true });
  return result.headers;
}

/** Mails a one-time sign-in link (to the outbox). Unknown emails get the same answer and no mail. */
export async function requestMagicLink(input: z.infer<typeof EmailInput>, headers: Headers, callbackURL = "/account"): Promise<void> {
  try {
    await auth().api.signInMagicLink({ body: { email: input.email, callbackURL }, headers });
  } catch (e) {
    if (isApiError(e) && e.statusCode < 500) return;
    throw e;
  }
}

export async function requestPasswordReset(input: z.infer<typeof EmailInput>, headers: Headers): Promise<void> {
  await auth().api.requestPasswordReset({ body: { email: input.email, redirectTo: "/reset-password" }, headers });
}

export const ResetPasswordInput = z.object({ token: z.string().min(1).max(500), newPassword: z.string().min(8, "At least 8 characters").max(128) });

export async function resetPassword(input: z.infer<typeof ResetPasswordInput>, headers: Headers): Promise<void> {
  try {
    await auth().api.resetPassword({ body: input, headers });
  } catch (e) {
    if (isApiError(e) && e.statusCode === 400)
      throw new DomainError("validation_failed", "This reset link is invalid or has expired", { token: "Invalid or expired" });
    throw translate(e);
  }
}

function translate(e: unknown): unknown {
  if (isApiError(e) && e.statusCode === 403) return new DomainError("forbidden", e.message || "Forbidden");
  if (isApiError(e) && e.statusCode >= 400 && e.statusCode < 500)
    return new DomainError("validation_failed", e.message || "Invalid request", { "(body)": e.message });
  return e;
}
