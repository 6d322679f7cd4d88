import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { DomainError } from "../http/errors";
import { assertUnderLimit, clearFailures, countFailure } from "../http/rate-limit";
import { getSetting } from "../settings/resolve";
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
  /** Null while the address waits for verification: no session yet. */
  token: string | null;
  verificationRequired: boolean;
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

/** Where the verification link lands (Better Auth appends `error=` when the link is bad). */
export const VERIFIED_CALLBACK = "/verify-email?verified=1";

export const requireEmailVerification = (db: Db) => getSetting<boolean>(db, "AUTH_REQUIRE_EMAIL_VERIFICATION");

/**
 * Creates a subscriber. With AUTH_REQUIRE_EMAIL_VERIFICATION (the default) no one is signed in: the
 * address gets a verification link, a taken address gets a mail saying someone tried, and both
 * answers look the same. Without it, the account is signed in at once and a taken email is 409.
 */
export async function signUp(db: Db, input: z.infer<typeof SignUpInput>, headers: Headers): Promise<AuthResult> {
  const verify = await requireEmailVerification(db);
  try {
    const result = await auth({ requireEmailVerification: verify }).api.signUpEmail({ body: { ...input, callbackURL: VERIFIED_CALLBACK }, headers, returnHeaders: true });
    if (verify) {
      // The same shape whether the address was free or taken (then the id is made up): sign-up tells no one who is registered.
      const { id, email, name } = result.response.user;
      return { user: { id, email, name, role: "subscriber" }, token: null, verificationRequired: true, headers: new Headers() };
    }
    const token = result.response.token;
    if (!token) throw new Error("sign-up returned no session");
    return { user: await publicUser(db, result.response.user.id), token, verificationRequired: false, headers: result.headers };
  } catch (e) {
    if (isApiError(e) && (e.body?.code ?? "").startsWith("USER_ALREADY_EXISTS"))
      throw new DomainError("conflict", "An account with this email already exists", { email: "Already registered" });
    throw translate(e);
  }
}

/**
 * Same 401 for an unknown email and a wrong password, so accounts cannot be enumerated. The right
 * password on an unverified address is 403 `email_not_verified` and mails a fresh link (at most one per
 * address every few minutes). Failures are counted per email tried as well as per address (the route's
 * limit): guessing one account's password from many addresses meets 429 after
 * RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT tries in 15 minutes.
 */
export async function signIn(db: Db, input: z.infer<typeof SignInInput>, headers: Headers): Promise<AuthResult> {
  const account = `account:${input.email}`;
  await assertUnderLimit("signInFailures", account);
  try {
    const result = await auth({ requireEmailVerification: await requireEmailVerification(db) }).api.signInEmail({
      body: { ...input, callbackURL: VERIFIED_CALLBACK },
      headers,
      returnHeaders: true,
    });
    await clearFailures("signInFailures", account);
    return { user: await publicUser(db, result.response.user.id), token: result.response.token, verificationRequired: false, headers: result.headers };
  } catch (e) {
    if (isApiError(e) && e.statusCode === 401) {
      await countFailure("signInFailures", account);
      throw badCredentials();
    }
    if (isApiError(e) && e.body?.code === "EMAIL_NOT_VERIFIED")
      throw new DomainError("email_not_verified", "Confirm your email address first: we have sent you a link");
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

/** Mails a fresh verification link to an unverified address; every address gets the same answer. */
export async function resendVerification(input: z.infer<typeof EmailInput>, headers: Headers): Promise<void> {
  try {
    await auth().api.sendVerificationEmail({ body: { email: input.email, callbackURL: VERIFIED_CALLBACK }, headers });
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
