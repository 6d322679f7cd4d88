import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

const HOME = "https://ring.example.org";
/** What a browser would do with the answer: it must stay on our origin. */
const staysHome = (target: string) => new URL(target, HOME).origin === HOME;

describe("safeNext", () => {
  it.each(["/\\evil.com", "//evil.com", "/%5Cevil.com", "/%5cevil.com", "/%2F%2Fevil.com", "/%252F%252Fevil.com", "https://evil.com", "javascript:alert(1)", "/\t/evil.com", "/\n/evil.com", "/.//evil.com", "/a/..//evil.com", "/%2e%2e//evil.com", "/././/evil.com", " /x", "evil.com", "", null, undefined])(
    "refuses %j",
    (value) => {
      expect(safeNext(value)).toBe("/");
    },
  );

  it.each(["/", "/opportunities/42", "/store/products/abc?tab=reviews#buy", "/account/security", "/search?q=caf%C3%A9"])("keeps the local path %s", (value) => {
    expect(safeNext(value)).toBe(value);
  });

  it("whatever it is given, the answer is a path that stays on this site", () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc.stringMatching(/^[/\\%2fFcC5: .a-z@]{0,12}$/),
      fc.tuple(fc.constantFrom("/", "//", "/\\", "\\/", "/%5C", "/%2F", "/%09/", "/.//", "/a/..//", "/%2e%2e//", "/./", "/../"), fc.domain()).map(([p, d]) => p + d),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        const target = safeNext(value);
        expect(target.startsWith("/") && !target.startsWith("//")).toBe(true);
        expect(target).not.toMatch(/\\/);
        expect(staysHome(target)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("ordinary site paths pass unchanged", () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => safeNext(`/${parts.join("/")}`) === `/${parts.join("/")}`));
  });
});
