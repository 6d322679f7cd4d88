import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../config/env";
import { DomainError } from "./errors";

const KEY = Symbol.for("ringlet.rateLimiters");
type Limiters = { auth: RateLimiterMemory; api: RateLimiterMemory };
type Holder = { [KEY]?: Limiters };

function limiters(): Limiters {
  const g = globalThis as Holder;
  g[KEY] ??= {
    auth: new RateLimiterMemory({ keyPrefix: "auth", points: env().RATE_LIMIT_AUTH_PER_MINUTE, duration: 60 }),
    api: new RateLimiterMemory({ keyPrefix: "api", points: env().RATE_LIMIT_API_PER_MINUTE, duration: 60 }),
  };
  return g[KEY];
}

/** Spends one point for `key`; over the limit -> 429 `rate_limited` with Retry-After in seconds. */
export async function rateLimit(kind: keyof Limiters, key: string): Promise<void> {
  try {
    await limiters()[kind].consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new DomainError("rate_limited", `Too many requests; try again in ${retryAfter} s`, undefined, {
      "Retry-After": String(retryAfter),
    });
  }
}

/** Test harnesses reset limits between cases. */
export function resetRateLimits(): void {
  (globalThis as Holder)[KEY] = undefined;
}
