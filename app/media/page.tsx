import { getTranslations } from "next-intl/server";
import { ImageGenerator, VideoGenerator, VideoJobs } from "@/components/media";
import { Alert, Card, EmptyState, PageTitle } from "@/components/ui";
import { listVideoJobs } from "@/src/modules/generative/jobs";
import { listMyMedia } from "@/src/modules/generative/media";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { hasRole } from "@/src/platform/auth/roles";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Media studio", robots: { index: false } };

export default async function MediaPage() {
  requireModule("generative");
  const actor = await requirePageUser("/media");
  const t = await getTranslations("media");
  if (!hasRole(actor.role, "member"))
    return (
      <div className="space-y-4">
        <PageTitle title={t("title")} intro={t("intro")} />
        <Alert kind="info">{t("membersOnly")}</Alert>
      </div>
    );
  const ctx = await pageContext(actor);
  const [{ items, quota }, jobs] = await Promise.all([listMyMedia(ctx), listVideoJobs(ctx)]);
  const images = items.filter((i) => i.kind === "image");
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <p className="text-sm text-slate-600" data-testid="quota">
        {actor.role === "admin" ? t("quotaAdmin") : t("quota", { images: quota.image.limit - quota.image.used, videos: quota.video.limit - quota.video.used })}
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">{t("imageTitle")}</h2>
          <ImageGenerator />
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">{t("videoTitle")}</h2>
          <VideoGenerator images={images.map((i) => ({ id: i.id, url: i.url, prompt: i.prompt }))} />
        </Card>
      </div>
      <section>
        <h2 className="mb-2 font-semibold">{t("videos")}</h2>
        <VideoJobs key={jobs.map((j) => j.jobId).join()} initial={jobs.map(({ jobId, status, progress, prompt, error, url }) => ({ jobId, status, progress, prompt, error, url }))} />
      </section>
      <section>
        <h2 className="mb-2 font-semibold">{t("images")}</h2>
        {images.length === 0 ? (
          <EmptyState>{t("noImages")}</EmptyState>
        ) : (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="gallery">
            {images.map((i) => (
              <li key={i.id} className="space-y-1">
                <a href={i.url}>
                  <img src={i.url} alt={i.prompt} className="aspect-square w-full rounded object-cover" />
                </a>
                <p className="text-xs text-slate-600">
                  {i.prompt} · <span title={t("aiLabel")}>{t("aiBadge")}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
