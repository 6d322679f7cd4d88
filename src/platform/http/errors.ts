import { z, ZodError } from "zod";
import type { Locale } from "../config/ring-config";
import { isMalformedInput, sqlState, UNREADABLE_VALUE } from "../db/errors";
import { issueMessage, translateText } from "./error-text";

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  email_not_verified: 403,
  not_found: 404,
  conflict: 409,
  already_running: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  provider_error: 502,
  not_configured: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string>;

/** Thrown by services; the route layer turns it into `{error:{code,message,fields}}` with ERROR_STATUS. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what = "Resource") => new DomainError("not_found", `${what} not found`);
export const forbidden = (message = "You may not do this") => new DomainError("forbidden", message);
export const conflict = (message: string, fields?: FieldErrors) => new DomainError("conflict", message, fields);
export const unauthenticated = () => new DomainError("unauthenticated", "Sign in first");

const Uuid = z.uuid();
export const isUuid = (id: unknown): id is string => Uuid.safeParse(id).success;

/** An id (from a path, usually) that is not a uuid names nothing: 404 `not_found` before any query sees it. */
export function assertUuid(id: unknown, what: string): asserts id is string {
  if (!isUuid(id)) throw notFound(what);
}

export function zodFields(error: ZodError, locale: Locale = "en"): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "(body)";
    fields[key] ??= issueMessage(issue, locale);
  }
  return fields;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/**
 * The single place an error becomes an HTTP status and body, with messages in the reader's language.
 * Input that reached the database unvalidated is still the caller's mistake, never a 500: an
 * unreadable id names nothing (404), another refused value is a 400. Unknown errors are 500 and
 * logged by the caller.
 */
export function toErrorResponse(error: unknown, locale: Locale = "en"): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    const fields = error.fields ? Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, translateText(v, locale)])) : undefined;
    return {
      status: ERROR_STATUS[error.code],
      body: { error: { code: error.code, message: translateText(error.message, locale), ...(fields ? { fields } : {}) } },
      headers: error.headers,
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { error: { code: "validation_failed", message: translateText("Some fields are invalid", locale), fields: zodFields(error, locale) } },
    };
  }
  if (isMalformedInput(error)) {
    if (sqlState(error) === UNREADABLE_VALUE) return { status: 404, body: { error: { code: "not_found", message: translateText("Not found", locale) } } };
    return { status: 400, body: { error: { code: "validation_failed", message: translateText("Some fields are invalid", locale), fields: { "(request)": translateText("Invalid value", locale) } } } };
  }
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side" } } };
}
