import { describe, expect, it } from "vitest";
import { ARTICLE_STATUSES, ARTICLE_TRANSITIONS, canMove } from "./states";
import { normaliseTags, parseDraft, renderMarkdown, slugify } from "./text";

describe("the editorial state table", () => {
  it("allows exactly the listed moves", () => {
    const allowed = ARTICLE_STATUSES.flatMap((from) => ARTICLE_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      "draft->in_review",
      "draft->archived",
      "in_review->draft",
      "in_review->scheduled",
      "in_review->published",
      "scheduled->draft",
      "scheduled->published",
      "published->archived",
      "archived->draft",
    ]);
  });

  it("never publishes a draft nobody reviewed, never moves to the same state", () => {
    expect(canMove("draft", "published")).toBe(false);
    expect(canMove("draft", "scheduled")).toBe(false);
    for (const s of ARTICLE_STATUSES) expect(ARTICLE_TRANSITIONS[s]).not.toContain(s);
  });
});

describe("article text", () => {
  it("renders Markdown with raw HTML escaped and script links dropped", () => {
    const html = renderMarkdown("# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>");
    expect(html).toContain("<h1>Hi</h1>");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("&lt;script&gt;");
  });

  it("makes ASCII slugs, transliterating Ukrainian", () => {
    expect(slugify("Новини спільноти: Київ", "3fa2b1c4-0000")).toBe("novyny-spilnoty-kyiv-3fa2b1");
    expect(slugify("Hello, World!", "abcdef12")).toBe("hello-world-abcdef");
    expect(slugify("!!!", "abcdef12")).toBe("article-abcdef");
  });

  it("splits a model's draft into title, excerpt and body", () => {
    expect(parseDraft("```markdown\n# Ring news: a bakery\n\nA short summary.\n\n## Details\n\nMore text.\n```")).toEqual({
      title: "Ring news: a bakery",
      excerpt: "A short summary.",
      body: "## Details\n\nMore text.",
    });
    expect(parseDraft("Just one line")).toEqual({ title: "Just one line", excerpt: "", body: "" });
  });

  it("normalises tags", () => {
    expect(normaliseTags([" Events ", "events", "open source", "<b>", "новини"])).toEqual(["events", "open-source", "новини"]);
  });
});
