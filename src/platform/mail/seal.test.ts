import { describe, expect, it } from "vitest";
import { openSeal, seal } from "./seal";

const SECRET = "unit-test-secret-0123456789abcdef";
const LINK = "http://localhost:3000/api/auth/magic-link/verify?token=abc123&callbackURL=%2Faccount";

describe("login link seal", () => {
  it("opens with the same secret and hides the link", () => {
    const sealed = seal(LINK, SECRET);
    expect(sealed).not.toContain("abc123");
    expect(sealed).not.toContain("localhost");
    expect(openSeal(sealed, SECRET)).toBe(LINK);
  });

  it("seals the same link differently each time", () => {
    expect(seal(LINK, SECRET)).not.toBe(seal(LINK, SECRET));
  });

  it("refuses another secret", () => {
    expect(() => openSeal(seal(LINK, SECRET), "another-secret-0123456789abcdef")).toThrow();
  });

  it("refuses a changed seal", () => {
    const [v, iv, tag, data] = seal(LINK, SECRET).split(".");
    const flipped = Buffer.from(data, "base64url");
    flipped[0] ^= 1;
    expect(() => openSeal([v, iv, tag, flipped.toString("base64url")].join("."), SECRET)).toThrow();
    expect(() => openSeal("garbage", SECRET)).toThrow();
  });
});
