import { Feed } from "feed";
import { appUrl } from "@/src/platform/config/env";
import { localized, ringConfig } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";
import { fileUrl } from "@/src/platform/storage/service";
import { publicArticles } from "./service";
import { renderMarkdown } from "./text";

/** RSS 2.0 and Atom of public, published articles only (the feed never sees a role). */
export async function newsFeed(db: Db, format: "rss" | "atom"): Promise<string> {
  const base = appUrl();
  const config = ringConfig();
  const items = await publicArticles(db, 50);
  const feed = new Feed({
    id: `${base}/news`,
    title: `${config.name} — News`,
    description: localized(config.tagline, config.defaultLocale),
    link: `${base}/news`,
    language: config.defaultLocale,
    updated: items[0]?.publishedAt ?? new Date(0),
    generator: "Ringlet",
    copyright: config.name,
    feedLinks: { rss: `${base}/feed.xml`, atom: `${base}/atom.xml` },
  });
  for (const a of items) {
    const label = a.aiText ? "<p><em>Written with AI assistance.</em></p>" : "";
    feed.addItem({
      id: `${base}/news/${a.slug}`,
      link: `${base}/news/${a.slug}`,
      title: a.title,
      description: a.excerpt,
      content: `${label}${renderMarkdown(a.body)}`,
      date: a.updatedAt,
      published: a.publishedAt ?? a.updatedAt,
      category: a.tags.map((name) => ({ name })),
      ...(a.featuredFileId ? { image: `${base}${fileUrl(a.featuredFileId)}` } : {}),
    });
  }
  return format === "rss" ? feed.rss2() : feed.atom1();
}
