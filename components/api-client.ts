"use client";

export interface ApiError {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** Same-origin JSON call to our own API; errors come back in the API.md shape, never thrown. */
export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (res.ok) return { ok: true, status: res.status, data: data as T };
    return { ok: false, status: res.status, error: (data?.error as ApiError) ?? { code: "internal", message: res.statusText } };
  } catch {
    return { ok: false, status: 0, error: { code: "network", message: "Network error" } };
  }
}

/** The message to show for a failed call: the first field's reason, else the error's message. */
export function errorText(error: ApiError): string {
  return Object.values(error.fields ?? {})[0] ?? error.message;
}

/** What a form shows after a call: nothing yet, a success, or why it failed. */
export type FormMessage = { kind: "error" | "success"; text: string } | null;

/** The form message for a call's result: its error's text, or the success text (from the answer, if a function; none if null). */
export function resultMessage<T>(res: ApiResult<T>, success: string | ((data: T) => string) | null): FormMessage {
  if (!res.ok) return { kind: "error", text: errorText(res.error) };
  if (success === null) return null;
  return { kind: "success", text: typeof success === "function" ? success(res.data) : success };
}

/** Uploads one file for a purpose (`logo`, `product`, `verification`); the server checks its real type and size. */
export async function uploadFile(file: File, purpose: string): Promise<ApiResult<{ id: string; url: string }>> {
  const form = new FormData();
  form.set("file", file);
  form.set("purpose", purpose);
  try {
    const res = await fetch("/api/v1/files", { method: "POST", body: form, credentials: "same-origin" });
    const data = await res.json();
    return res.ok ? { ok: true, status: res.status, data } : { ok: false, status: res.status, error: data.error as ApiError };
  } catch {
    return { ok: false, status: 0, error: { code: "network", message: "Network error" } };
  }
}
