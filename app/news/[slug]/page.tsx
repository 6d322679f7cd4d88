import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AiLabel } from "@/components/news-parts";
import { getNews } from "@/src/modules/newsroom/service";
import { renderMarkdown } from "@/src/modules/newsroom/text";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

async function load(slug: string) {
  return orNotFound(getNews(await pageContext(), slug));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  const article = await load((await params).slug);
  return { title: article.title, description: article.excerpt, openGraph: { title: article.title, description: article.excerpt, images: article.featuredImageUrl ? [article.featuredImageUrl] : [] } };
}

export default async function ArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  requireModule("newsroom");
  const t = await getTranslations("news");
  const article = await load((await params).slug);
  return (
    <article className="mx-auto max-w-3xl space-y-4" lang={article.locale}>
      <Link href="/news">← {t("title")}</Link>
      <h1 className="text-3xl font-bold">{article.title}</h1>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        {article.author && <span>{article.author.name}</span>}
        {article.publishedAt && <time dateTime={article.publishedAt.toISOString()}>{article.publishedAt.toISOString().slice(0, 10)}</time>}
        <AiLabel ai={article.aiGenerated} />
        {article.translations.map((tr) => (
          <Link key={tr.slug} href={`/news/${tr.slug}`} hrefLang={tr.locale}>
            {t("readIn", { locale: tr.locale })}
          </Link>
        ))}
      </div>
      {article.featuredImageUrl && <img src={article.featuredImageUrl} alt="" className="aspect-video w-full rounded object-cover" data-testid="featured-image" />}
      {article.excerpt && <p className="text-lg text-slate-700">{article.excerpt}</p>}
      <div className="article-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(article.body) }} />
      {article.tags.length > 0 && (
        <p className="flex flex-wrap gap-2 text-sm">
          {article.tags.map((tag) => (
            <Link key={tag} href={`/news/tag/${encodeURIComponent(tag)}`}>
              #{tag}
            </Link>
          ))}
        </p>
      )}
    </article>
  );
}
