import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSignals, encodeSignals } from "./fanout";

const channel = fc.oneof(
  fc.constant("discovery:opportunities"),
  fc.constant("admin"),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((id) => `user:${id}`),
);
const signal = fc.record({ channel, seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) });

describe("fan-out signal codec", () => {
  it("round-trips any list of signals, every chunk under the size limit", () => {
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 500 }), fc.integer({ min: 200, max: 8_000 }), (signals, max) => {
        const chunks = encodeSignals(signals, max);
        for (const c of chunks) expect(c.length).toBeLessThanOrEqual(max);
        expect(chunks.flatMap(decodeSignals)).toEqual(signals);
      }),
    );
  });

  it("ignores lines that are not signals", () => {
    expect(decodeSignals("admin 3\ngarbage\nuser:x -1\nuser:y 1.5\n 4\nadmin 5")).toEqual([
      { channel: "admin", seq: 3 },
      { channel: "admin", seq: 5 },
    ]);
  });
});
