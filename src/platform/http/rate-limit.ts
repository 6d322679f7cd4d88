import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createClient } from "redis";
import { env, type Env } from "../config/env";
import { logger } from "../log/logger";
import { DomainError } from "./errors";

/** auth: sign-in/up attempts per address; api: calls per user or address; signInFailures: failed sign-ins per account. */
export type LimitKind = "auth" | "api" | "signInFailures";

const KEY = Symbol.for("ringlet.rateLimiters");
type Limiters = Record<LimitKind, RateLimiterAbstract>;
type Holder = { [KEY]?: Limiters };

function specs(e: Env): Record<LimitKind, { points: number; duration: number }> {
  return {
    auth: { points: e.RATE_LIMIT_AUTH_PER_MINUTE, duration: 60 },
    api: { points: e.RATE_LIMIT_API_PER_MINUTE, duration: 60 },
    signInFailures: { points: e.RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT, duration: 15 * 60 },
  };
}

/**
 * In memory per process, or in Redis (REDIS_URL) so every instance spends from the same budget. While
 * Redis is unreachable each instance falls back to its own memory rather than refusing or hanging.
 */
function buildLimiters(e: Env): Limiters {
  const client = e.REDIS_URL ? createClient({ url: e.REDIS_URL }) : null;
  if (client) {
    client.on("error", (err: Error) => logger().warn({ err: err.message }, "rate-limit redis unreachable; limits are per instance until it is back"));
    void client.connect().catch(() => undefined);
  }
  const build = (kind: LimitKind) => {
    const spec = { keyPrefix: `ringlet:rl:${kind}`, ...specs(e)[kind] };
    const memory = new RateLimiterMemory(spec);
    return client ? new RateLimiterRedis({ ...spec, storeClient: client, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
  };
  return { auth: build("auth"), api: build("api"), signInFailures: build("signInFailures") };
}

function limiters(): Limiters {
  const g = globalThis as Holder;
  g[KEY] ??= buildLimiters(env());
  return g[KEY];
}

function rateLimited(msBeforeNext: number): DomainError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError("rate_limited", `Too many requests; try again in ${retryAfter} s`, undefined, { "Retry-After": String(retryAfter) });
}

/** Spends one point for `key`; over the limit -> 429 `rate_limited` with Retry-After in seconds. */
export async function rateLimit(kind: LimitKind, key: string): Promise<void> {
  try {
    await limiters()[kind].consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    throw rateLimited(e.msBeforeNext);
  }
}

/** 429 while `key` has used up its points, without spending one (the failures are counted after the fact). */
export async function assertUnderLimit(kind: LimitKind, key: string): Promise<void> {
  const state = await limiters()[kind].get(key);
  if (state && state.consumedPoints >= specs(env())[kind].points) throw rateLimited(state.msBeforeNext);
}

/** Counts one failure for `key`, never throwing: the caller answers the failure itself. */
export async function countFailure(kind: LimitKind, key: string): Promise<void> {
  await limiters()[kind].penalty(key, 1);
}

/** A success clears the key's failures (a user who finally typed the right password starts afresh). */
export async function clearFailures(kind: LimitKind, key: string): Promise<void> {
  await limiters()[kind].delete(key);
}

/** Test harnesses reset limits between cases. */
export function resetRateLimits(): void {
  (globalThis as Holder)[KEY] = undefined;
}
