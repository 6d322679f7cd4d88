import { describe, expect, it } from "vitest";
import { issueTicket, TICKET_TTL_MS, verifyTicket } from "./ticket";

const SECRET = "unit-test-secret-0123456789abcdef";

describe("tunnel tickets", () => {
  it("name the user they were issued to until they expire", () => {
    const now = 1_800_000_000_000;
    const { ticket, expiresAt } = issueTicket(SECRET, "user-42", now);
    expect(Date.parse(expiresAt)).toBe(now + TICKET_TTL_MS);
    expect(verifyTicket(SECRET, ticket, now + TICKET_TTL_MS - 1)).toBe("user-42");
    expect(verifyTicket(SECRET, ticket, now + TICKET_TTL_MS + 1)).toBeNull();
  });

  it("reject forged, altered, foreign-secret and malformed tickets", () => {
    const { ticket } = issueTicket(SECRET, "user-42");
    const [user, expires, sig] = ticket.split(".");
    const otherUser = Buffer.from("admin").toString("base64url");
    expect(verifyTicket(SECRET, `${otherUser}.${expires}.${sig}`)).toBeNull();
    expect(verifyTicket(SECRET, `${user}.${(parseInt(expires, 36) + 1e9).toString(36)}.${sig}`)).toBeNull();
    expect(verifyTicket("another-secret-0123456789abcdef", ticket)).toBeNull();
    for (const bad of ["", "a.b", "a.b.c.d", `${user}.${expires}.`, "...."]) expect(verifyTicket(SECRET, bad)).toBeNull();
  });
});
