import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Badge, Card, PageTitle } from "@/components/ui";
import { getRun } from "@/src/modules/processes/service";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const run = await orNotFound(getRun(await adminPageContext(`/admin/processes/runs/${id}`), id));
  const t = await getTranslations("processes");
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/processes">← {t("back")}</Link>
      </p>
      <PageTitle title={`${run.pipeline} · ${run.status}`} />
      <Card>
        <dl className="grid grid-cols-[10rem_1fr] gap-2 text-sm">
          <dt>{t("status")}</dt>
          <dd>
            <Badge>{run.status}</Badge> #{run.attempt}
          </dd>
          <dt>{t("trigger")}</dt>
          <dd>{run.trigger}</dd>
          <dt>{t("started")}</dt>
          <dd>{format.dateTime(new Date(run.startedAt), { dateStyle: "medium", timeStyle: "medium" })}</dd>
          <dt>{t("duration")}</dt>
          <dd>{run.durationMs === null ? "—" : `${run.durationMs} ms`}</dd>
          <dt>{t("instance")}</dt>
          <dd className="font-mono text-xs">{run.instance}</dd>
        </dl>
      </Card>
      {run.stats && (
        <Card>
          <h2 className="mb-2 font-semibold">{t("stats")}</h2>
          <pre className="text-xs" data-testid="run-stats">{JSON.stringify(run.stats, null, 2)}</pre>
        </Card>
      )}
      {run.error && (
        <Card>
          <h2 className="mb-2 font-semibold">{t("error")}</h2>
          <pre className="whitespace-pre-wrap text-xs text-red-700">{run.error.message}</pre>
          {run.error.stack && <pre className="mt-2 whitespace-pre-wrap text-[10px] text-slate-500">{run.error.stack}</pre>}
        </Card>
      )}
      {run.logs.length > 0 && (
        <Card>
          <h2 className="mb-2 font-semibold">{t("logs")}</h2>
          <ol className="space-y-1 font-mono text-xs">
            {run.logs.map((l, i) => (
              <li key={i}>
                <span className="text-slate-500">{l.at}</span> {l.message}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </div>
  );
}
