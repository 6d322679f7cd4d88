import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { NewsList } from "@/components/news-parts";
import { PageTitle } from "@/components/ui";
import { listNews } from "@/src/modules/newsroom/service";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

export default async function NewsTagPage({ params, searchParams }: { params: Promise<{ tag: string }>; searchParams: Promise<RawSearchParams> }) {
  requireModule("newsroom");
  const t = await getTranslations("news");
  const tag = decodeURIComponent((await params).tag).slice(0, 40).toLowerCase();
  const cursor = flattenParams(await searchParams).cursor?.slice(0, 500);
  const page = await orNotFound(listNews(await pageContext(), { tag, cursor }));
  return (
    <div className="space-y-6">
      <Link href="/news">← {t("title")}</Link>
      <PageTitle title={t("tagTitle", { tag })} />
      <NewsList items={page.items} more={page.nextCursor ? `/news/tag/${encodeURIComponent(tag)}?cursor=${page.nextCursor}` : null} />
    </div>
  );
}
