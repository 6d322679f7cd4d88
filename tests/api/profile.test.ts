import { describe, expect, it } from "vitest";
import { call, signUpUser } from "../support/http";

describe("PUT /api/v1/me/profile", () => {
  it("stores the profile, keeping skills as typed and de-duplicated", async () => {
    const user = await signUpUser("profile");
    const res = await call("/api/v1/me/profile", {
      method: "PUT",
      token: user.token,
      body: {
        headline: "Розробниця",
        bio: "Пишу бекенд",
        skills: [" React ", "react", "Node.js", "PostgreSQL"],
        categories: ["technology", "localization"],
        location: "Kyiv",
        remote: true,
        languages: ["uk", "en"],
        notifyOnMatch: false,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ headline: "Розробниця", skills: ["React", "Node.js", "PostgreSQL"], categories: ["technology", "localization"], remote: true, notifyOnMatch: false });
    const me = await call("/api/v1/me", { token: user.token });
    expect(me.body.profile.skills).toEqual(["React", "Node.js", "PostgreSQL"]);
    expect(me.body.profile.languages).toEqual(["uk", "en"]);
  });

  it("rejects an unknown category with 400 and changes nothing", async () => {
    const user = await signUpUser("profile-bad");
    await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { skills: ["Go"], categories: ["technology"] } });
    const res = await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { skills: ["Rust"], categories: ["not_a_category"] } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields["categories.0"]).toBe("Unknown category");
    const me = await call("/api/v1/me", { token: user.token });
    expect(me.body.profile.skills).toEqual(["Go"]);
  });

  it("a field left out keeps its value: notifyOnMatch, remote and languages survive a skills-only PUT", async () => {
    const user = await signUpUser("profile-partial");
    await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { headline: "Analyst", skills: ["Excel"], categories: ["finance"], remote: true, languages: ["uk"], notifyOnMatch: false } });
    const res = await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { skills: ["SQL"] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ headline: "Analyst", skills: ["SQL"], categories: ["finance"], remote: true, languages: ["uk"], notifyOnMatch: false });
  });

  it("needs a signed-in user", async () => {
    const res = await call("/api/v1/me/profile", { method: "PUT", body: { skills: [] } });
    expect(res.status).toBe(401);
  });
});
