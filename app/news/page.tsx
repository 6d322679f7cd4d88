import { getTranslations } from "next-intl/server";
import { NewsList } from "@/components/news-parts";
import { PageTitle } from "@/components/ui";
import { listNews } from "@/src/modules/newsroom/service";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "News", alternates: { types: { "application/rss+xml": "/feed.xml", "application/atom+xml": "/atom.xml" } } };

export default async function NewsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("newsroom");
  const t = await getTranslations("news");
  const cursor = flattenParams(await searchParams).cursor?.slice(0, 500);
  const page = await orNotFound(listNews(await pageContext(), { cursor }));
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <p className="text-sm">
        <a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a>
      </p>
      <NewsList items={page.items} more={page.nextCursor ? `/news?cursor=${page.nextCursor}` : null} />
    </div>
  );
}
