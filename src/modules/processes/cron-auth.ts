import { createHash, timingSafeEqual } from "node:crypto";
import { DomainError } from "@/src/platform/http/errors";

/**
 * `Authorization: Bearer $CRON_SECRET`, compared in constant time (hashes of equal length).
 * Without a configured secret every cron route answers 503: never open.
 */
export function assertCronSecret(header: string | null, secret: string | undefined): void {
  if (!secret) throw new DomainError("not_configured", "Cron routes are disabled: set CRON_SECRET to enable them");
  const given = header?.startsWith("Bearer ") ? header.slice(7) : "";
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secret).digest();
  if (!timingSafeEqual(a, b)) throw new DomainError("unauthenticated", "Missing or wrong CRON_SECRET");
}
