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

/** `invalid_text_representation`: a value PostgreSQL cannot read as its column's type, such as an id that is not a uuid. */
export const UNREADABLE_VALUE = "22P02";
const MALFORMED = new Set([UNREADABLE_VALUE, "22007", "22008", "22021", "22003", "22001", "22P05"]);

/**
 * True when PostgreSQL refused a value the caller supplied as malformed: not a uuid, a number or a
 * date (22P02, 22007, 22008), a NUL byte or other bad encoding (22021, 22P05), too long or out of
 * range (22001, 22003). A validation gap, never the server's fault: answer 4xx, not 500.
 */
export const isMalformedInput = (error: unknown) => MALFORMED.has(sqlState(error) ?? "");
