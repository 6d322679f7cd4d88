import { appUrl, type Env } from "../config/env";
import type { Db } from "../db/client";
import { getSetting } from "../settings/resolve";
import { allowedOrigins } from "./cross-site";

/** A change to ALLOWED_ORIGINS reaches every instance within this time, without a query per request. */
const TTL_MS = 10_000;

/** The app's origins plus the ALLOWED_ORIGINS setting, read at most once per TTL. */
export function originPolicy(db: Db, e: Env): () => Promise<ReadonlySet<string>> {
  let cached: { origins: ReadonlySet<string>; at: number } | null = null;
  const base = appUrl(e);
  // The same local aliases Better Auth trusts, so a ring opened as 127.0.0.1 instead of localhost works.
  const own = [base, base.replace("localhost", "127.0.0.1"), base.replace("127.0.0.1", "localhost"), e.BETTER_AUTH_URL ?? ""];
  return async () => {
    if (cached && Date.now() - cached.at < TTL_MS) return cached.origins;
    cached = { origins: allowedOrigins(own, await getSetting<string>(db, "ALLOWED_ORIGINS")), at: Date.now() };
    return cached.origins;
  };
}
