import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cursorTime, decodeCursor, encodeCursor } from "./pagination";

describe("cursors", () => {
  it("round-trips what encodeCursor wrote, ISO or PostgreSQL's own time text", () => {
    const shape = z.object({ createdAt: z.string(), id: z.uuid() });
    const value = { createdAt: "2026-01-02T03:04:05.678Z", id: crypto.randomUUID() };
    expect(decodeCursor(encodeCursor(value), shape)).toEqual(value);
    expect(cursorTime(value.createdAt).toISOString()).toBe(value.createdAt);
    expect(cursorTime("2026-01-02 03:04:05.678+00").toISOString()).toBe(value.createdAt);
  });

  it("property: any forged cursor or time key is a 400 validation_failed, never an exception of another kind", () => {
    const shape = z.object({ createdAt: z.string(), id: z.uuid() });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => encodeCursor(v))), (forged) => {
        try {
          const cursor = decodeCursor(forged, shape);
          if (cursor) cursorTime(cursor.createdAt);
        } catch (error) {
          expect(error).toMatchObject({ code: "validation_failed", fields: { cursor: "Invalid cursor" } });
        }
      }),
    );
    for (const key of ["yesterday", "", "2026-13-45T00:00:00Z", 42, null]) expect(() => cursorTime(key)).toThrow("Invalid cursor");
  });
});
