import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Badge, EmptyState } from "./ui";

export interface NewsCard {
  slug: string;
  title: string;
  excerpt: string;
  tags: string[];
  publishedAt: Date | null;
  featuredImageUrl: string | null;
  aiGenerated: { text: boolean; image: boolean };
  locale: string;
}

/** Says so when a model wrote the text or made the picture. */
export async function AiLabel({ ai }: { ai: { text: boolean; image: boolean } }) {
  const t = await getTranslations("news");
  if (!ai.text && !ai.image) return null;
  return (
    <Badge tone="blue">
      <span data-testid="ai-label">{ai.text && ai.image ? t("aiBoth") : ai.text ? t("aiText") : t("aiImage")}</span>
    </Badge>
  );
}

export async function NewsList({ items, more }: { items: NewsCard[]; more: string | null }) {
  const t = await getTranslations("news");
  if (items.length === 0) return <EmptyState>{t("empty")}</EmptyState>;
  return (
    <div className="space-y-4">
      <ul className="grid gap-4 md:grid-cols-2" data-testid="news-list">
        {items.map((a) => (
          <li key={a.slug} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            {a.featuredImageUrl && <img src={a.featuredImageUrl} alt="" className="aspect-video w-full rounded object-cover" />}
            <h2 className="text-lg font-semibold">
              <Link href={`/news/${a.slug}`}>{a.title}</Link>
            </h2>
            <p className="text-sm text-slate-700">{a.excerpt}</p>
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
              {a.publishedAt && <time dateTime={a.publishedAt.toISOString()}>{a.publishedAt.toISOString().slice(0, 10)}</time>}
              {a.tags.map((tag) => (
                <Link key={tag} href={`/news/tag/${encodeURIComponent(tag)}`}>
                  #{tag}
                </Link>
              ))}
              <AiLabel ai={a.aiGenerated} />
            </div>
          </li>
        ))}
      </ul>
      {more && <Link href={more}>{t("more")} →</Link>}
    </div>
  );
}
