/** The SQLSTATE of a database error, or of the one Drizzle wraps (PostgreSQL and PGlite alike); undefined for anything else. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const hasCode = (error: unknown, code: string) => sqlState(error) === code;

/** True when a database error (or the one Drizzle wraps) is a unique-constraint violation. */
export const isUniqueViolation = (error: unknown) => hasCode(error, "23505");

/** True for a check-constraint violation (the statement, and so its transaction, failed). */
export const isCheckViolation = (error: unknown) => hasCode(error, "23514");
