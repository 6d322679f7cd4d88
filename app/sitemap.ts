import type { MetadataRoute } from "next";
import { publicArticles } from "@/src/modules/newsroom/service";
import { appUrl } from "@/src/platform/config/env";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import { db } from "@/src/platform/db/client";

export const dynamic = "force-dynamic";

/** Pages anyone may read: the public sections and public, published articles. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = appUrl();
  const sections = ["/", ...(isModuleEnabled("opportunities") ? ["/opportunities"] : []), ...(isModuleEnabled("entities") ? ["/entities"] : []), ...(isModuleEnabled("store") ? ["/store"] : []), ...(isModuleEnabled("newsroom") ? ["/news"] : [])];
  const news = isModuleEnabled("newsroom") ? await publicArticles(db(), 5000) : [];
  return [...sections.map((p) => ({ url: `${base}${p}` })), ...news.map((a) => ({ url: `${base}/news/${a.slug}`, lastModified: a.updatedAt }))];
}
