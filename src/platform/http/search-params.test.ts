import { describe, expect, it } from "vitest";
import { flattenParams } from "./search-params";

describe("flattenParams", () => {
  it("drops blank fields and joins repeated keys", () => {
    const params = new URLSearchParams("q=react&budgetMin=&category=technology&category=finance&sort=");
    expect(flattenParams(params)).toEqual({ q: "react", category: "technology,finance" });
    expect(flattenParams({ q: "", type: ["job", ""], remote: undefined })).toEqual({ type: "job" });
  });
});
