import autocannon from "autocannon";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { freshServerDatabase } from "../tests/support/server-database";

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon against one URL; latency percentiles in ms. */
export async function load(name: string, url: string, options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const result = await autocannon({ url, connections: options.connections ?? 50, duration: options.seconds ?? 10, headers: options.headers });
  const l = result.latency as unknown as Record<string, number>;
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50: l.p50,
    p95: l.p97_5 !== undefined && l.p95 === undefined ? l.p97_5 : l.p95 ?? l.p97_5,
    p99: l.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Runs a project CLI command against the given environment (for seeding). */
export function cli(args: string[], env: Record<string, string>): void {
  const out = spawnSync(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  if (out.status !== 0) throw new Error(`cli ${args.join(" ")} failed`);
}

/** A fresh database on the local PostgreSQL server for a benchmark run. */
/** A fresh database of this name on BENCH_DATABASE_URL's server (the local one by default). */
export async function benchDatabase(name: string): Promise<string> {
  return (await freshServerDatabase(name, name, process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres")).url;
}

export function writeResults(name: string, data: unknown): void {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/${name}.json`, JSON.stringify({ at: new Date().toISOString(), ...(data as object) }, null, 2));
}

const post = async (url: string, body: unknown, token?: string, method = "POST") => {
  const res = await fetch(url, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(parsed)}`);
  return parsed;
};

/** A member account the benchmark can act as: signed up, its address verified and its role set by the admin, signed in. */
export async function benchMember(base: string, adminToken: string, email: string, role = "member"): Promise<{ id: string; token: string }> {
  const password = "bench-password-1";
  const signed = await post(`${base}/api/v1/auth/sign-up`, { email, password, name: email.split("@")[0] });
  const id = (signed.user as { id: string }).id;
  if (!signed.token) await post(`${base}/api/v1/admin/users/${id}/verify-email`, undefined, adminToken);
  await post(`${base}/api/v1/admin/users/${id}`, { role }, adminToken, "PATCH");
  const token = (await post(`${base}/api/v1/auth/sign-in`, { email, password })).token as string;
  return { id, token };
}
