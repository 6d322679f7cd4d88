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
