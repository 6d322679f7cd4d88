import MarkdownIt from "markdown-it";

/** Raw HTML in an article is shown as text, never run; links may not use javascript: or data: (markdown-it's validateLink). */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

const UK_LATIN: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: "ie", ж: "zh", з: "z", и: "y", і: "i", ї: "i", й: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ь: "", ю: "iu", я: "ia", "’": "", "'": "",
};

/** An ASCII address from a title (Ukrainian transliterated), with a short unique tail. */
export function slugify(title: string, unique: string): string {
  const latin = [...title.toLowerCase()].map((c) => UK_LATIN[c] ?? c).join("");
  const base = latin.normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  return `${base || "article"}-${unique.replace(/-/g, "").slice(0, 6)}`;
}

export interface ParsedDraft {
  title: string;
  excerpt: string;
  body: string;
}

/** A model's Markdown answer as title (the first heading), excerpt (the first paragraph) and body (the rest). */
export function parseDraft(text: string): ParsedDraft {
  const cleaned = text.trim().replace(/^```(?:markdown|md)?\n([\s\S]*?)\n```$/, "$1").trim();
  const lines = cleaned.split("\n");
  const titleAt = lines.findIndex((l) => l.trim() !== "");
  const title = (lines[titleAt] ?? "").replace(/^#+\s*/, "").trim().slice(0, 200);
  const blocks = lines.slice(titleAt + 1).join("\n").trim().split(/\n\s*\n/);
  const excerptAt = blocks.findIndex((b) => b.trim() && !/^\s*(#|[-*]\s|\d+\.\s|>|```)/.test(b));
  const excerpt = excerptAt >= 0 ? blocks[excerptAt].replace(/\s+/g, " ").trim().slice(0, 400) : "";
  const body = blocks.filter((_, i) => i !== excerptAt).join("\n\n").trim();
  return { title: title || "Untitled", excerpt, body };
}

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, "-")).filter((t) => /^[\p{L}\p{N}-]{1,40}$/u.test(t)))].slice(0, 10);
}
