import { randomBytes } from "node:crypto";
import { inject } from "vitest";

/** A distinct client address per test user, so the auth rate limit (per IP) does not couple tests. */
export const randomIp = () => `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;
export const uniqueEmail = (prefix = "user") => `${prefix}-${randomBytes(5).toString("hex")}@test.local`;

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
  /** Another server than the suite's (tests that start their own). */
  baseUrl?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? randomIp(), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${options.baseUrl ?? inject("baseUrl")}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/**
 * A signed-up account with a verified address, signed in. Sign-up verifies addresses (the default
 * the suite keeps): the admin vouches for it, as Admin -> Users does; tests about the mailed link
 * follow it from the mail sink instead.
 */
export async function signUpUser(prefix = "user", options: { baseUrl?: string; adminToken?: string } = {}) {
  const email = uniqueEmail(prefix);
  const password = "correct-horse-1";
  const ip = randomIp();
  const res = await call("/api/v1/auth/sign-up", { baseUrl: options.baseUrl, ip, body: { email, password, name: `Test ${prefix}` } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.user.id as string;
  if (res.body.token) return { email, password, token: res.body.token as string, id };
  const verified = await call(`/api/v1/admin/users/${id}/verify-email`, { baseUrl: options.baseUrl, method: "POST", token: options.adminToken ?? (await signInAdmin()) });
  if (verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  const signedIn = await call("/api/v1/auth/sign-in", { baseUrl: options.baseUrl, ip, body: { email, password } });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  return { email, password, token: signedIn.body.token as string, id };
}

let adminToken: string | undefined;
export async function signInAdmin(): Promise<string> {
  if (adminToken) return adminToken;
  const res = await call("/api/v1/auth/sign-in", { body: { email: inject("adminEmail"), password: inject("adminPassword") } });
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  adminToken = res.body.token as string;
  return adminToken;
}

/** A signed-up user promoted to `role` by the admin. */
export async function userWithRole(role: "subscriber" | "member" | "confidential" | "admin", prefix: string = role) {
  const user = await signUpUser(prefix);
  if (role !== "subscriber") {
    const res = await call(`/api/v1/admin/users/${user.id}`, { method: "PATCH", token: await signInAdmin(), body: { role } });
    if (res.status !== 200) throw new Error(`promotion failed: ${res.status}`);
  }
  return user;
}

/** Creates a listing as `token` and has the admin approve it. */
export async function activeListing(token: string, body: Record<string, unknown>) {
  const created = await call("/api/v1/opportunities", { token, body: { description: "A listing created by the test suite", type: "request", category: "technology", ...body } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const approved = await call(`/api/v1/admin/opportunities/${created.body.id}/decision`, { token: await signInAdmin(), body: { decision: "approve" } });
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body;
}

/** Polls until `check` returns a truthy value (outbox consumers run asynchronously), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Sends `bytes` of body without a Content-Length (chunked), in 64 KB writes, and returns the answer as
 * soon as it comes: a server that refuses early is not made to wait for the rest.
 */
export async function sendChunked(path: string, bytes: number, options: { method?: string; token?: string; headers?: Record<string, string> } = {}): Promise<CallResult> {
  const { request } = await import("node:http");
  const url = new URL(path, inject("baseUrl"));
  const headers: Record<string, string> = { "x-forwarded-for": randomIp(), "content-type": "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "POST", headers });
    let answered = false;
    req.on("response", async (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      resolve({ status: res.statusCode ?? 0, body, headers: new Headers(Object.entries(res.headers).map(([k, v]): [string, string] => [k, String(v)])) });
      req.destroy();
    });
    // Once answered, this side closes the connection: the write errors that follow are its own doing.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(sent <= bytes ? chunk : chunk.subarray(0, bytes - (sent - chunk.length)))) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}
