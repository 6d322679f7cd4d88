function hasCode(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: string }).code === code) return true;
  }
  return false;
}

/** True when a database error (or the one Drizzle wraps) is a unique-constraint violation. */
export const isUniqueViolation = (error: unknown) => hasCode(error, "23505");

/** True for a check-constraint violation (the statement, and so its transaction, failed). */
export const isCheckViolation = (error: unknown) => hasCode(error, "23514");

/**
 * True when PostgreSQL refused a value the caller supplied as malformed: not a uuid, a number or a
 * date (22P02, 22007, 22008), a NUL byte or other bad encoding (22021), out of range (22003). A
 * validation gap, never the server's fault: answer 4xx, not 500.
 */
export const isMalformedInput = (error: unknown) => ["22P02", "22007", "22008", "22021", "22003"].some((code) => hasCode(error, code));
