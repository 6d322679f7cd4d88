import { describe, expect, it } from "vitest";
import { assertCronSecret } from "./cron-auth";

describe("CRON_SECRET", () => {
  const secret = "a-very-long-cron-secret";
  it("accepts the right bearer secret", () => expect(() => assertCronSecret(`Bearer ${secret}`, secret)).not.toThrow());
  it("refuses a wrong, missing or malformed one with 401", () => {
    for (const header of [`Bearer ${secret}x`, null, secret, "Bearer "]) expect(() => assertCronSecret(header, secret)).toThrowError(expect.objectContaining({ code: "unauthenticated" }));
  });
  it("answers 503 when no secret is configured: cron routes are never open", () => {
    expect(() => assertCronSecret(`Bearer anything`, undefined)).toThrowError(expect.objectContaining({ code: "not_configured" }));
  });
});
