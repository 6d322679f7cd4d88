/** What both transports send: `id` is the message's sequence in its channel (null for control frames). */
export interface Envelope {
  id: number | null;
  channel: string;
  type: string;
  data: unknown;
  ts: string;
}

/** Control frame types; every other type is a domain message. */
export const CONTROL = {
  subscribed: "subscribed",
  unsubscribed: "unsubscribed",
  reset: "reset",
  error: "error",
  pong: "pong",
} as const;

export type ErrorCode =
  | "bad_request"
  | "unknown_channel"
  | "forbidden"
  | "unauthenticated"
  | "rate_limited"
  | "too_many_channels"
  | "unavailable";

export function controlFrame(channel: string | null, type: (typeof CONTROL)[keyof typeof CONTROL], data: unknown = {}): string {
  return JSON.stringify({ id: null, channel, type, data, ts: new Date().toISOString() });
}

export function errorFrame(channel: string | null, code: ErrorCode, message: string): string {
  return controlFrame(channel, CONTROL.error, { code, message });
}
