import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestCpuMs } from "@/tests/support/cpu-time";
import { parseAuthenticationResults, senderAuthentication } from "./authentication-results";

const GMAIL = `mx.google.com;
       dkim=pass header.i=@coop.example header.s=sel header.b=AbC;
       spf=pass (google.com: domain of olena@coop.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=olena@coop.example;
       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=coop.example`;
const FAILED = "mx.ring.example; spf=softfail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=REJECT) header.from=coop.example";

describe("Authentication-Results", () => {
  it("reads the server's name and each method's result and properties, without comments", () => {
    expect(parseAuthenticationResults(GMAIL)).toEqual({
      authservId: "mx.google.com",
      results: [
        { method: "dkim", result: "pass", properties: { "header.i": "@coop.example", "header.s": "sel", "header.b": "abc" } },
        { method: "spf", result: "pass", properties: { "smtp.mailfrom": "olena@coop.example" } },
        { method: "dmarc", result: "pass", properties: { "header.from": "coop.example" } },
      ],
    });
    expect(parseAuthenticationResults('"mx.ring.example" 1; none')).toEqual({ authservId: "mx.ring.example", results: [] });
    expect(parseAuthenticationResults('mx.ring.example; dkim/1=pass reason="a; b" header.d=coop.example (c ; (nested) d)')).toMatchObject({ results: [{ method: "dkim", result: "pass", properties: { reason: "a; b", "header.d": "coop.example" } }] });
    // Microsoft 365 does not name itself.
    expect(parseAuthenticationResults("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=coop.example; dmarc=pass action=none header.from=coop.example")).toMatchObject({ authservId: null, results: [{ method: "spf" }, { method: "dmarc", result: "pass" }] });
  });

  it("a passing DMARC verifies the sender; a failing one, or none at all, does not", () => {
    expect(senderAuthentication([GMAIL], "olena@coop.example", null)).toEqual({ verified: true, authservId: "mx.google.com", dmarc: "pass", spf: "pass", dkim: "pass" });
    expect(senderAuthentication([FAILED], "olena@coop.example", null)).toMatchObject({ verified: false, dmarc: "fail", spf: "softfail" });
    expect(senderAuthentication([], "olena@coop.example", null)).toEqual({ verified: false, authservId: null, dmarc: null, spf: null, dkim: null });
    expect(senderAuthentication(["mx.ring.example; none"], "olena@coop.example", null)).toMatchObject({ verified: false, authservId: "mx.ring.example" });
  });

  it("a DMARC pass for another From domain than the message's does not count", () => {
    expect(senderAuthentication([GMAIL], "ceo@bank.example", null).verified).toBe(false);
  });

  it("without a DMARC result, SPF and DKIM must both pass for the From domain (or a parent of it)", () => {
    const both = "mx.ring.example; spf=pass smtp.mailfrom=bounce@coop.example; dkim=pass header.d=coop.example";
    expect(senderAuthentication([both], "olena@coop.example", null).verified).toBe(true);
    expect(senderAuthentication([both], "olena@mail.coop.example", null).verified).toBe(true);
    expect(senderAuthentication(["mx.ring.example; spf=pass smtp.mailfrom=coop.example"], "olena@coop.example", null).verified).toBe(false);
    expect(senderAuthentication(["mx.ring.example; spf=pass smtp.mailfrom=coop.example; dkim=pass header.d=evil.example"], "olena@coop.example", null).verified).toBe(false);
    // A subdomain may belong to someone else (a public suffix's customer): it does not stand for its parent.
    expect(senderAuthentication(["mx.ring.example; spf=pass smtp.mailfrom=me.coop.example; dkim=pass header.d=me.coop.example"], "olena@coop.example", null).verified).toBe(false);
  });

  it("ignores a forged header lower in the message: only the top-most, the receiving server's, counts", () => {
    const forged = "mx.ring.example; dmarc=pass header.from=coop.example";
    expect(senderAuthentication([FAILED, forged], "olena@coop.example", null)).toMatchObject({ verified: false, dmarc: "fail" });
    expect(senderAuthentication([forged, FAILED], "olena@coop.example", null).verified).toBe(true);
  });

  it("with EMAIL_AUTHSERV_ID set, reads only that server's header, wherever other servers put theirs", () => {
    const ours = "MX.Ring.Example; dmarc=pass header.from=coop.example";
    const filter = "spamfilter.example; dmarc=fail header.from=coop.example";
    expect(senderAuthentication([filter, ours], "olena@coop.example", "mx.ring.example")).toMatchObject({ verified: true, authservId: "mx.ring.example" });
    expect(senderAuthentication([ours], "olena@coop.example", "mx.other.example")).toEqual({ verified: false, authservId: null, dmarc: null, spf: null, dkim: null });
    // The top-most header of our server wins over a copy the sender wrote further down.
    expect(senderAuthentication([FAILED, "mx.ring.example; dmarc=pass"], "olena@coop.example", "mx.ring.example").verified).toBe(false);
  });

  it("never throws on, and reads in bounded time, whatever a sender writes", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 5 }), fc.string({ maxLength: 80 }), (headers, from) => {
        const got = senderAuthentication(headers, from, null);
        expect(typeof got.verified).toBe("boolean");
      }),
    );
    const hostile = [`${"(".repeat(200_000)}`, `a; ${"dkim=pass ".repeat(100_000)}`, `"${"\\".repeat(300_000)}`, `x; ${"=".repeat(300_000)}`, `x; dkim=${'"\\'.repeat(200_000)}`];
    const read = (header: string) => bestCpuMs(() => senderAuthentication(Array(100).fill(header), "a@coop.example", "mx.ring.example"));
    // A header is read at most to its first 4,000 characters; within that, a hostile one costs about what a plain one does.
    const plain = read(`x; dkim=pass reason=${"a".repeat(300_000)}`);
    for (const h of hostile) {
      const ms = read(h);
      expect(ms, h.slice(0, 10)).toBeLessThan(200);
      expect(ms, h.slice(0, 10)).toBeLessThan(20 * plain + 5);
    }
  });
});
