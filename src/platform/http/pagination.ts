import { z } from "zod";
import { DomainError } from "./errors";

export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

const invalidCursor = () => new DomainError("validation_failed", "Invalid cursor", { cursor: "Invalid cursor" });

/** Opaque cursors are base64url JSON; a tampered one is a 400, not a 500. */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | null {
  if (!cursor) return null;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidCursor();
  }
}

/** A cursor's time key as `encodeCursor` wrote it; a forged one is a 400, never an Invalid Date in a query. */
export function cursorTime(value: unknown): Date {
  const time = typeof value === "string" ? new Date(value) : null;
  if (!time || Number.isNaN(time.getTime())) throw invalidCursor();
  return time;
}
