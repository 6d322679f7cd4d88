import { describe, expect, it } from "vitest";
import { searchQuery, stem } from "./search-text";

describe("search text", () => {
  it("strips Ukrainian and English endings but keeps a stem of at least 4 letters", () => {
    expect(stem("розробника")).toBe("розробник");
    expect(stem("розробники")).toBe("розробник");
    expect(stem("developers")).toBe("developer");
    expect(stem("java")).toBe("java");
    expect(stem("звітність")).toBe("звітн");
    expect(stem("звітності")).toBe("звітн");
  });

  it("builds a prefix query of lower-cased terms, dropping punctuation and tsquery operators", () => {
    expect(searchQuery("Розробника  React!")).toBe("розробник:* & react:*");
    expect(searchQuery("a & | ! :*")).toBeNull();
    expect(searchQuery("'); drop table x; --")).toBe("drop:* & table:*");
  });
});
