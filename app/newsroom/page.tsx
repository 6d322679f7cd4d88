import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { EditorForm, NewArticleForm } from "@/components/newsroom";
import { Badge, Card, EmptyState, PageTitle } from "@/components/ui";
import { listArticlesForEditors, listEditors } from "@/src/modules/newsroom/service";
import { ARTICLE_STATUSES } from "@/src/modules/newsroom/states";
import { orNotFound } from "@/src/platform/auth/page-actor";
import { ringConfig } from "@/src/platform/config/ring-config";
import { flattenParams, oneOfParam, type RawSearchParams } from "@/src/platform/http/search-params";
import { editorPageContext, EditorsOnly } from "./editor-gate";

export const metadata = { title: "Newsroom" };

export default async function NewsroomPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await editorPageContext("/newsroom");
  if (!ctx) return <EditorsOnly />;
  const t = await getTranslations("newsroom");
  const params = flattenParams(await searchParams);
  const status = oneOfParam(ARTICLE_STATUSES, params.status);
  const page = await orNotFound(listArticlesForEditors(ctx, { status, cursor: params.cursor?.slice(0, 500), limit: 50 }));
  const editors = ctx.actor.role === "admin" ? await listEditors(ctx) : null;
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <Card>
        <h2 className="mb-2 font-semibold">{t("newArticle")}</h2>
        <NewArticleForm defaultLocale={ringConfig().defaultLocale} />
      </Card>
      <nav className="flex flex-wrap gap-3 text-sm" aria-label={t("filter")}>
        <Link href="/newsroom">{t("all")}</Link>
        {ARTICLE_STATUSES.map((s) => (
          <Link key={s} href={`/newsroom?status=${s}`} aria-current={s === status ? "page" : undefined}>
            {t(`status_${s}`)}
          </Link>
        ))}
      </nav>
      {page.items.length === 0 ? (
        <EmptyState>{t("noArticles")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="articles">
          {page.items.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-3 p-3">
              <Badge tone={a.status === "published" ? "green" : a.status === "archived" ? "slate" : a.status === "in_review" ? "amber" : "blue"}>{t(`status_${a.status}`)}</Badge>
              <Link href={`/newsroom/${a.id}`} className="font-medium">
                {a.title}
              </Link>
              <span className="text-xs text-slate-600">
                {a.locale.toUpperCase()} · {a.author?.name ?? t("ring")} · {a.updatedAt.toISOString().slice(0, 16).replace("T", " ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor && <Link href={`/newsroom?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}`}>{t("more")} →</Link>}
      {editors && (
        <Card>
          <h2 className="mb-2 font-semibold">{t("editors")}</h2>
          <p className="mb-2 text-sm text-slate-600">{t("editorsIntro")}</p>
          <ul className="mb-3 text-sm" data-testid="editors">
            {editors.length === 0 ? <li>{t("noEditors")}</li> : editors.map((e) => <li key={e.userId}>{`${e.name} <${e.email}>`}</li>)}
          </ul>
          <EditorForm />
        </Card>
      )}
    </div>
  );
}
