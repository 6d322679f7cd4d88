import { bearerToken } from "@/src/platform/auth/actor";
import { API_KEY_PREFIX } from "@/src/platform/auth/auth";
import { isApiError } from "@/src/platform/auth/credentials";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { DomainError, notFound, unauthenticated } from "@/src/platform/http/errors";

/**
 * The caller's request headers, for Better Auth's endpoints that act on the caller's own session.
 * They need a sign-in (cookie or sign-in token): an API key cannot list or revoke keys and sessions,
 * change the password or delete the account, so a leaked key cannot lock its owner out.
 */
export function sessionHeaders(ctx: Ctx, headers: Headers): Headers {
  requireUser(ctx.actor);
  if (bearerToken(headers)?.startsWith(API_KEY_PREFIX)) throw new DomainError("forbidden", "Sign in with your password to do this: an API key cannot manage the account");
  return headers;
}

/** Better Auth's refusals as the API's errors; a wrong password is a 400 on `passwordField`. */
function toDomainError(e: unknown, passwordField: string): unknown {
  if (!isApiError(e)) return e;
  switch (e.body?.code) {
    case "INVALID_PASSWORD":
      return new DomainError("validation_failed", "The password is not correct", { [passwordField]: "Incorrect password" });
    case "CREDENTIAL_ACCOUNT_NOT_FOUND":
      return new DomainError("validation_failed", "This account has no password yet: set one with a password reset link", { [passwordField]: "No password set" });
    case "SESSION_NOT_FRESH":
      return new DomainError("forbidden", "Sign in again to see your sessions: the list needs a sign-in from the last 24 hours");
    case "KEY_NOT_FOUND":
      return notFound("API key");
  }
  if (e.statusCode === 401) return unauthenticated();
  return e;
}

/** Runs a call to Better Auth and answers its refusals in the API's own codes. */
export async function callAuth<T>(work: () => Promise<T>, passwordField = "password"): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toDomainError(e, passwordField);
  }
}
