import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ArticleEditor } from "@/components/newsroom";
import { AiLabel } from "@/components/news-parts";
import { Badge, Card, PageTitle } from "@/components/ui";
import { getArticleForEditors } from "@/src/modules/newsroom/service";
import { renderMarkdown } from "@/src/modules/newsroom/text";
import { orNotFound } from "@/src/platform/auth/page-actor";
import { LOCALES } from "@/src/platform/config/ring-config";
import { editorPageContext, EditorsOnly } from "../editor-gate";

export const metadata = { title: "Edit article" };

export default async function EditArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await editorPageContext(`/newsroom/${id}`);
  if (!ctx) return <EditorsOnly />;
  const t = await getTranslations("newsroom");
  const article = await orNotFound(getArticleForEditors(ctx, id));
  const translatedInto = new Set([article.locale, ...article.translations.map((tr) => tr.locale)]);
  const canTranslateTo = LOCALES.find((l) => !translatedInto.has(l)) ?? null;
  return (
    <div className="space-y-4">
      <Link href="/newsroom">← {t("title")}</Link>
      <PageTitle title={article.title} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="blue">
          <span data-testid="article-status">{t(`status_${article.status}`)}</span>
        </Badge>
        <span>{article.locale.toUpperCase()}</span>
        <AiLabel ai={article.aiGenerated} />
        {article.status === "published" && <Link href={`/news/${article.slug}`}>{t("viewPublished")}</Link>}
        {article.publishAt && <span>{t("scheduledFor", { at: article.publishAt.toISOString().slice(0, 16).replace("T", " ") })} UTC</span>}
        {article.translations.map((tr) => (
          <Link key={tr.id} href={`/newsroom/${tr.id}`}>
            {tr.locale.toUpperCase()}: {tr.title}
          </Link>
        ))}
      </div>
      {article.generation?.instruction && <p className="text-sm text-slate-600">{t("generatedFrom", { instruction: article.generation.instruction, model: article.generation.model ?? "—" })}</p>}
      <div className="grid gap-6 lg:grid-cols-2">
        <ArticleEditor
          article={{ id: article.id, title: article.title, excerpt: article.excerpt, body: article.body, tags: article.tags, visibility: article.visibility, status: article.status, locale: article.locale, featuredImageUrl: article.featuredImageUrl, aiGenerated: article.aiGenerated }}
          canTranslateTo={canTranslateTo}
        />
        <Card>
          <h2 className="mb-2 text-sm font-semibold text-slate-600">{t("preview")}</h2>
          <h1 className="text-2xl font-bold">{article.title}</h1>
          {article.excerpt && <p className="my-2 text-slate-700">{article.excerpt}</p>}
          <div className="article-body" data-testid="preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(article.body) }} />
        </Card>
      </div>
    </div>
  );
}
